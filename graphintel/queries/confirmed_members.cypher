// Parties in leads an analyst confirmed (labels for the next run).
// params: none
// returns: key
// group: internal
MATCH (l:Lead)-[:INVOLVES]->(p)
WHERE l.status = 'confirmed'
RETURN DISTINCT p.key AS key
