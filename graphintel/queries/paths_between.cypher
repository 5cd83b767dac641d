// All shortest paths between two parties through trade and shared identifiers (at most 8 hops).
// params: from_key, to_key
// The ends are looked up as parties (Seller or Buyer): unlabelled, every node table is scanned (0.2 s at 100,000).
// returns: hops, node_keys
// group: investigation
MATCH p = (a:Seller:Buyer {key: $from_key})-[:SHIPPED|CONSIGNED_TO|LOCATED_AT|HAS_PHONE|HAS_EMAIL* ALL SHORTEST 1..8]-(b:Seller:Buyer {key: $to_key})
RETURN length(p) AS hops, properties(nodes(p), 'key') AS node_keys
LIMIT 25
