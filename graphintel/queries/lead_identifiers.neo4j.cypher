// Addresses, phones and e-mails of a lead's parties.
// params: lead_id
// returns: party, kind, key, value, display
// group: lead
MATCH (l:Lead {lead_id: $lead_id})-[:INVOLVES]->(p)-[r:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(i)
RETURN p.key AS party, labels(i)[0] AS kind, i.key AS key, i.value AS value, i.display AS display
ORDER BY party, kind, key
