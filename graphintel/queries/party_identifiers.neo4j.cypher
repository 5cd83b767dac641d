// Addresses, phones and e-mails of one party (the embedded store's fast path: one key lookup per party).
// params: party_key
// returns: party, kind, key, value, display
// group: entity
MATCH (p:Seller {key: $party_key})-[:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(i)
RETURN p.key AS party, labels(i)[0] AS kind, i.key AS key, i.value AS value, i.display AS display
UNION ALL
MATCH (p:Buyer {key: $party_key})-[:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(i)
RETURN p.key AS party, labels(i)[0] AS kind, i.key AS key, i.value AS value, i.display AS display
