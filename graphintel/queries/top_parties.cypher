// Sellers by value and volume shipped.
// params: limit
// returns: seller_id, name, country
// group: investigation
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)
WITH s, count(c) AS parcels, sum(c.declared_value) AS value, count(DISTINCT c.buyer_key) AS buyers
RETURN s.party_id AS seller_id, s.name AS name, s.country AS country, parcels, value, buyers
ORDER BY value DESC, seller_id
LIMIT $limit
