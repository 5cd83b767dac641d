// Parties at one address, phone or e-mail (the embedded store's fast path: one key lookup per identifier).
// params: identifier_key
// returns: identifier, label, key, party_id, name, score
// group: entity
MATCH (i:Address {key: $identifier_key})<-[:LOCATED_AT]-(p)
RETURN i.key AS identifier, label(p) AS label, p.key AS key, p.party_id AS party_id, p.name AS name, p.score AS score
UNION ALL
MATCH (i:Phone {key: $identifier_key})<-[:HAS_PHONE]-(p)
RETURN i.key AS identifier, label(p) AS label, p.key AS key, p.party_id AS party_id, p.name AS name, p.score AS score
UNION ALL
MATCH (i:Email {key: $identifier_key})<-[:HAS_EMAIL]-(p)
RETURN i.key AS identifier, label(p) AS label, p.key AS key, p.party_id AS party_id, p.name AS name, p.score AS score
