// The parties of a lead, strongest first.
// params: lead_id
// returns: label, key, party_id, name, country, score, reasons
// group: lead
MATCH (l:Lead {lead_id: $lead_id})-[:INVOLVES]->(p)
RETURN label(p) AS label, p.key AS key, p.party_id AS party_id, p.name AS name, p.country AS country,
       p.score AS score, p.reasons AS reasons
ORDER BY score DESC, party_id
