// Consignments sent or received by a lead's parties (evidence candidates), newest first.
// params: lead_id, limit
// returns: consignment_id, declaration_date, seller_id, buyer_id, hs_code, declared_value, currency, gross_weight_kg, origin_country, departure_country, destination_country, channel, score, reasons
// group: lead
MATCH (l:Lead {lead_id: $lead_id})-[:INVOLVES]->(s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
RETURN c.consignment_id AS consignment_id, c.declaration_date AS declaration_date, s.party_id AS seller_id,
       b.party_id AS buyer_id, c.hs_code AS hs_code, c.declared_value AS declared_value, c.currency AS currency,
       c.gross_weight_kg AS gross_weight_kg, c.origin_country AS origin_country,
       c.departure_country AS departure_country, c.destination_country AS destination_country,
       c.channel AS channel, c.score AS score, c.reasons AS reasons
ORDER BY declaration_date DESC, consignment_id
LIMIT $limit
UNION ALL
MATCH (l:Lead {lead_id: $lead_id})-[:INVOLVES]->(b:Buyer)<-[:CONSIGNED_TO]-(c:Consignment)<-[:SHIPPED]-(s:Seller)
WHERE NOT EXISTS { MATCH (l)-[:INVOLVES]->(s) }
RETURN c.consignment_id AS consignment_id, c.declaration_date AS declaration_date, s.party_id AS seller_id,
       b.party_id AS buyer_id, c.hs_code AS hs_code, c.declared_value AS declared_value, c.currency AS currency,
       c.gross_weight_kg AS gross_weight_kg, c.origin_country AS origin_country,
       c.departure_country AS departure_country, c.destination_country AS destination_country,
       c.channel AS channel, c.score AS score, c.reasons AS reasons
ORDER BY declaration_date DESC, consignment_id
LIMIT $limit
