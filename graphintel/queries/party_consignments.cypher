// Consignments a party sent or received, newest first (at most limit of each).
// params: party_key, limit
// returns: consignment_id, declaration_date, direction, partner_id, hs_code, declared_value, currency, origin_country, destination_country, channel, score, reasons
// group: entity
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
WHERE s.key = $party_key
RETURN c.consignment_id AS consignment_id, c.declaration_date AS declaration_date, 'sent' AS direction,
       b.party_id AS partner_id, c.hs_code AS hs_code, c.declared_value AS declared_value, c.currency AS currency,
       c.origin_country AS origin_country, c.destination_country AS destination_country, c.channel AS channel,
       c.score AS score, c.reasons AS reasons
ORDER BY declaration_date DESC, consignment_id
LIMIT $limit
UNION ALL
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
WHERE b.key = $party_key
RETURN c.consignment_id AS consignment_id, c.declaration_date AS declaration_date, 'received' AS direction,
       s.party_id AS partner_id, c.hs_code AS hs_code, c.declared_value AS declared_value, c.currency AS currency,
       c.origin_country AS origin_country, c.destination_country AS destination_country, c.channel AS channel,
       c.score AS score, c.reasons AS reasons
ORDER BY declaration_date DESC, consignment_id
LIMIT $limit
