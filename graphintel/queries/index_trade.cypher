// Parcels and declared value of every seller-buyer pair, for the in-memory neighbour index.
// params: none
// returns: seller, buyer, parcels, value
// group: internal
MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
RETURN s.key AS seller, b.key AS buyer, count(c) AS parcels, sum(c.declared_value) AS value
