// All shortest paths between two parties through trade and shared identifiers (at most 8 hops).
// params: from_key, to_key
// returns: hops, node_keys
// group: investigation
MATCH p = (a {key: $from_key})-[:SHIPPED|CONSIGNED_TO|LOCATED_AT|HAS_PHONE|HAS_EMAIL* ALL SHORTEST 1..8]-(b {key: $to_key})
RETURN length(p) AS hops, properties(nodes(p), 'key') AS node_keys
LIMIT 25
