// Parties sharing an address, phone or e-mail, busiest identifiers first (hubs above max_sharers left out).
// params: min_sharers, max_sharers, limit
// returns: kind, value, sharers
// group: investigation
MATCH (p)-[:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(i)
WITH i, collect(DISTINCT p.party_id) AS parties
WHERE size(parties) >= $min_sharers AND size(parties) <= $max_sharers
RETURN label(i) AS kind, i.value AS value, size(parties) AS sharers, parties
ORDER BY sharers DESC, value
LIMIT $limit
