// Type, name and risk of one party or identifier by key (Neo4j: the same as the embedded store's,
// with untyped NULLs).
// params: entity_key
// returns: label, key, party_id, name, value, country, score, reasons, display
// group: entity
MATCH (n:Seller {key: $entity_key})
RETURN 'Seller' AS label, n.key AS key, n.party_id AS party_id, n.name AS name, NULL AS value, n.country AS country,
       n.score AS score, n.reasons AS reasons, NULL AS display
UNION ALL
MATCH (n:Buyer {key: $entity_key})
RETURN 'Buyer' AS label, n.key AS key, n.party_id AS party_id, n.name AS name, NULL AS value, n.country AS country,
       n.score AS score, n.reasons AS reasons, NULL AS display
UNION ALL
MATCH (n:Address {key: $entity_key})
RETURN 'Address' AS label, n.key AS key, NULL AS party_id, NULL AS name, n.value AS value, n.country AS country,
       NULL AS score, NULL AS reasons, n.display AS display
UNION ALL
MATCH (n:Phone {key: $entity_key})
RETURN 'Phone' AS label, n.key AS key, NULL AS party_id, NULL AS name, n.value AS value, n.country AS country,
       NULL AS score, NULL AS reasons, n.display AS display
UNION ALL
MATCH (n:Email {key: $entity_key})
RETURN 'Email' AS label, n.key AS key, NULL AS party_id, NULL AS name, n.value AS value, n.country AS country,
       NULL AS score, NULL AS reasons, n.display AS display
