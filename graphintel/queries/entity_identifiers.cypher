// Addresses, phones and e-mails of some parties (one step of a neighbourhood).
// params: party_keys (list of party keys, at most a few hundred)
// returns: party, kind, key, value, display
// group: entity
MATCH (p:Seller:Buyer)-[:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(i)
WHERE p.key IN $party_keys
RETURN p.key AS party, label(i) AS kind, i.key AS key, i.value AS value, i.display AS display
ORDER BY party, kind, key
