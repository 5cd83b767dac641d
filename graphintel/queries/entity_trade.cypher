// Parcels between some parties and their trade partners, per seller-buyer pair (one step of a neighbourhood).
// params: party_keys (list of party keys, at most a few hundred)
// returns: seller, buyer, partner_id, partner_name, partner_score, partner_label, parcels, value
// group: entity
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
WHERE s.key IN $party_keys
RETURN s.key AS seller, b.key AS buyer, b.party_id AS partner_id, b.name AS partner_name, b.score AS partner_score,
       'Buyer' AS partner_label, count(c) AS parcels, sum(c.declared_value) AS value
UNION ALL
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
WHERE b.key IN $party_keys
RETURN s.key AS seller, b.key AS buyer, s.party_id AS partner_id, s.name AS partner_name, s.score AS partner_score,
       'Seller' AS partner_label, count(c) AS parcels, sum(c.declared_value) AS value
