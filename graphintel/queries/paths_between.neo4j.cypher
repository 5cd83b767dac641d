// All shortest paths between two parties through trade and shared identifiers (at most 8 hops).
// params: from_key, to_key
// Neo4j: allShortestPaths for ALL SHORTEST; the end nodes are looked up through the Seller/Buyer key indexes.
// returns: hops, node_keys
// group: investigation
MATCH (a:Seller|Buyer {key: $from_key}), (b:Seller|Buyer {key: $to_key})
WHERE a <> b  // Neo4j's shortest path refuses one node as both ends; LadybugDB finds no path
MATCH p = allShortestPaths((a)-[:SHIPPED|CONSIGNED_TO|LOCATED_AT|HAS_PHONE|HAS_EMAIL*..8]-(b))
WITH length(p) AS hops, [n IN nodes(p) | n.key] AS node_keys
RETURN hops, node_keys
LIMIT 25
