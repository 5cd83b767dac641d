// Parcels between one party and its trade partners, per seller-buyer pair (the embedded store's fast path:
// one key lookup per party; the branch for the party's label is run alone when the key names it).
// params: party_key
// returns: seller, buyer, partner_id, partner_name, partner_score, partner_label, parcels, value
// group: entity
MATCH (s:Seller {key: $party_key})-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
RETURN s.key AS seller, b.key AS buyer, b.party_id AS partner_id, b.name AS partner_name, b.score AS partner_score,
       'Buyer' AS partner_label, count(c) AS parcels, sum(c.declared_value) AS value
UNION ALL
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer {key: $party_key})
RETURN s.key AS seller, b.key AS buyer, s.party_id AS partner_id, s.name AS partner_name, s.score AS partner_score,
       'Seller' AS partner_label, count(c) AS parcels, sum(c.declared_value) AS value
