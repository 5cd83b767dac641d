// A lead's run and members, as a decision records them.
// params: lead_id
// returns: run_id, members
// group: internal
MATCH (l:Lead {lead_id: $lead_id})
OPTIONAL MATCH (l)-[:INVOLVES]->(p)
RETURN l.run_id AS run_id, collect(p.key) AS members
