// Declared value and parcels of each lead of a run, per currency (its evidence: Lead-[:EVIDENCED_BY]->Consignment).
// params: run_id
// returns: lead_id, currency, value, parcels
MATCH (r:Run {run_id: $run_id})-[:PRODUCED]->(l:Lead)-[:EVIDENCED_BY]->(c:Consignment)
RETURN l.lead_id AS lead_id, c.currency AS currency, sum(c.declared_value) AS value, count(c) AS parcels
ORDER BY lead_id, currency
