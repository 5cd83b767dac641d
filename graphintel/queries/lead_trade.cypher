// Parcels between the sellers and buyers of a lead, per pair.
// params: lead_id
// returns: seller, buyer, parcels, value
// group: lead
MATCH (l:Lead {lead_id: $lead_id})-[:INVOLVES]->(s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
WHERE EXISTS { MATCH (l)-[:INVOLVES]->(b) }
RETURN s.key AS seller, b.key AS buyer, count(c) AS parcels, sum(c.declared_value) AS value
ORDER BY parcels DESC, seller, buyer
