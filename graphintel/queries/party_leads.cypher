// The leads of a run that involve some parties (an entity's leads; same-name candidates; related leads).
// params: run_id, party_keys (list of party keys)
// returns: key, lead_id, rank, scheme, score, status
// group: entity
MATCH (l:Lead {run_id: $run_id})-[:INVOLVES]->(p)
WHERE p.key IN $party_keys
RETURN p.key AS key, l.lead_id AS lead_id, l.rank AS rank, l.scheme AS scheme, l.score AS score,
       l.status AS status
ORDER BY key, rank
