// The consignments each of some leads rests on (Lead-[:EVIDENCED_BY]->Consignment), with what an export shows.
// params: lead_ids (list of lead ids)
// returns: lead_id, consignment_id, declaration_date, hs_code, description, declared_value, currency, gross_weight_kg, origin_country, departure_country, destination_country, channel, score, reasons, source_file, source_line, seller_id, buyer_id
// group: lead
MATCH (l:Lead)-[:EVIDENCED_BY]->(c:Consignment)
WHERE l.lead_id IN $lead_ids
OPTIONAL MATCH (s:Seller)-[:SHIPPED]->(c)
OPTIONAL MATCH (c)-[:CONSIGNED_TO]->(b:Buyer)
RETURN l.lead_id AS lead_id, c.consignment_id AS consignment_id, c.declaration_date AS declaration_date, c.hs_code AS hs_code, c.description AS description,
       c.declared_value AS declared_value, c.currency AS currency, c.gross_weight_kg AS gross_weight_kg, c.origin_country AS origin_country,
       c.departure_country AS departure_country, c.destination_country AS destination_country, c.channel AS channel, c.score AS score,
       c.reasons AS reasons, c.source_file AS source_file, c.source_line AS source_line,
       s.party_id AS seller_id, b.party_id AS buyer_id
ORDER BY lead_id, consignment_id
