// Parties at some addresses, phones or e-mails (one step of a neighbourhood); the caller caps hubs.
// params: identifier_keys (list of identifier keys, at most a few hundred)
// returns: identifier, label, key, party_id, name, score
// group: entity
MATCH (i:Address|Phone|Email)<-[:LOCATED_AT|HAS_PHONE|HAS_EMAIL]-(p)
WHERE i.key IN $identifier_keys
RETURN i.key AS identifier, labels(p)[0] AS label, p.key AS key, p.party_id AS party_id, p.name AS name,
       p.score AS score
ORDER BY identifier, key
