// A run's leads, by rank.
// params: run_id
// returns: lead_id, rank, score, scheme, reasons, reason_lines, members, consignments, total_value, countries, status, note,
//          decided_by, decided_at
// group: lead
MATCH (r:Run {run_id: $run_id})-[:PRODUCED]->(l:Lead)
RETURN l.lead_id AS lead_id, l.rank AS rank, l.score AS score, l.scheme AS scheme, l.reasons AS reasons,
       l.reason_lines AS reason_lines,
       l.members AS members, l.consignments AS consignments, l.total_value AS total_value,
       l.countries AS countries, l.status AS status, l.note AS note, l.decided_by AS decided_by,
       l.decided_at AS decided_at
ORDER BY l.rank
