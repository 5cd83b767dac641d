// How many consignments some parties sent or received (to tell same-name candidates apart).
// params: party_keys (list of party keys, at most a few hundred)
// returns: key, parcels
// group: entity
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)
WHERE s.key IN $party_keys
RETURN s.key AS key, count(c) AS parcels
UNION ALL
MATCH (c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
WHERE b.key IN $party_keys
RETURN b.key AS key, count(c) AS parcels
