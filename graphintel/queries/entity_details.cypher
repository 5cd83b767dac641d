// Type, name and risk of some parties and identifiers by key (to draw a path or a search result).
// params: keys (list of keys, at most a few hundred)
// returns: label, key, party_id, name, value, country, score, reasons, display
// group: entity
MATCH (n:Seller:Buyer:Address:Phone:Email)
WHERE n.key IN $keys
RETURN label(n) AS label, n.key AS key, n.party_id AS party_id, n.name AS name, n.value AS value,
       n.country AS country, n.score AS score, n.reasons AS reasons, n.display AS display
ORDER BY key
