// Buyers receiving many parcels just under the de minimis threshold.
// params: threshold, band (e.g. 0.1 for 10% under), min_parcels, limit
// returns: buyer_id, name, parcels_under_threshold
// group: investigation
MATCH (c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
WHERE c.declared_value < $threshold AND c.declared_value >= $threshold * (1 - $band)
WITH b, count(c) AS under, count(DISTINCT c.seller_key) AS sellers, sum(c.declared_value) AS value
WHERE under >= $min_parcels
RETURN b.party_id AS buyer_id, b.name AS name, under AS parcels_under_threshold, sellers, value
ORDER BY parcels_under_threshold DESC, buyer_id
LIMIT $limit
