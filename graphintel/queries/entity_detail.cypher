// Type, name and risk of one party or identifier by key (the embedded store's fast path: one key lookup;
// the branch for the key's label is run alone when the key names it).
// params: entity_key
// returns: label, key, party_id, name, value, country, score, reasons, display
// group: entity
MATCH (n:Seller {key: $entity_key})
RETURN 'Seller' AS label, n.key AS key, n.party_id AS party_id, n.name AS name, CAST(NULL AS STRING) AS value, n.country AS country,
       n.score AS score, n.reasons AS reasons, CAST(NULL AS STRING) AS display
UNION ALL
MATCH (n:Buyer {key: $entity_key})
RETURN 'Buyer' AS label, n.key AS key, n.party_id AS party_id, n.name AS name, CAST(NULL AS STRING) AS value, n.country AS country,
       n.score AS score, n.reasons AS reasons, CAST(NULL AS STRING) AS display
UNION ALL
MATCH (n:Address {key: $entity_key})
RETURN 'Address' AS label, n.key AS key, CAST(NULL AS STRING) AS party_id, CAST(NULL AS STRING) AS name, n.value AS value, n.country AS country,
       CAST(NULL AS DOUBLE) AS score, CAST(NULL AS STRING) AS reasons, n.display AS display
UNION ALL
MATCH (n:Phone {key: $entity_key})
RETURN 'Phone' AS label, n.key AS key, CAST(NULL AS STRING) AS party_id, CAST(NULL AS STRING) AS name, n.value AS value, n.country AS country,
       CAST(NULL AS DOUBLE) AS score, CAST(NULL AS STRING) AS reasons, n.display AS display
UNION ALL
MATCH (n:Email {key: $entity_key})
RETURN 'Email' AS label, n.key AS key, CAST(NULL AS STRING) AS party_id, CAST(NULL AS STRING) AS name, n.value AS value, n.country AS country,
       CAST(NULL AS DOUBLE) AS score, CAST(NULL AS STRING) AS reasons, n.display AS display
