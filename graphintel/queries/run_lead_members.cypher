// name: run_lead_members
// The leads of one scoring run, each with the keys of the parties it involves (for comparing runs).
// parameters: $run
// returns: lead_id, rank, score, scheme, status, members
// group: lead
MATCH (r:Run {run_id: $run})-[:PRODUCED]->(l:Lead)-[:INVOLVES]->(p)
RETURN l.lead_id AS lead_id, l.rank AS rank, l.score AS score, l.scheme AS scheme, l.status AS status, collect(p.key) AS members
