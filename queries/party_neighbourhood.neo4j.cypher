// Parties one step from a party: trade partners and parties sharing an address, phone or e-mail.
// Called once per depth by graphintel.leads.explore.neighbourhood (depth 1 to 3).
// params: party_key, limit
// Neo4j: label(q) is labels(q)[0]; the start node is looked up through the Seller/Buyer key indexes.
MATCH (p:Seller|Buyer {key: $party_key})-[:SHIPPED|CONSIGNED_TO|LOCATED_AT|HAS_PHONE|HAS_EMAIL]-(x)-[:SHIPPED|CONSIGNED_TO|LOCATED_AT|HAS_PHONE|HAS_EMAIL]-(q)
WHERE q.key <> p.key AND (q:Seller OR q:Buyer)
RETURN labels(q)[0] AS label, q.key AS key, q.party_id AS party_id, q.name AS name,
       count(DISTINCT x) AS links
ORDER BY links DESC, key
LIMIT $limit
