// The parties of several leads (a lead package), strongest first within each lead.
// params: lead_ids (list)
// returns: lead_id, label, party_id, name, country, score, reasons
// group: lead
UNWIND $lead_ids AS id
MATCH (l:Lead {key: id})-[:INVOLVES]->(p)
RETURN l.lead_id AS lead_id, label(p) AS label, p.party_id AS party_id, p.name AS name, p.country AS country,
       p.score AS score, p.reasons AS reasons
ORDER BY lead_id, score DESC, party_id
