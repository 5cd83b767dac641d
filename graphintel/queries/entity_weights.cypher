// Parcels each seller sent and each buyer received: the weight that picks an entity's canonical spelling.
// params: none
// returns: key, parcels
// group: internal
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)
RETURN s.key AS key, count(c) AS parcels
UNION ALL
MATCH (c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
RETURN b.key AS key, count(c) AS parcels
