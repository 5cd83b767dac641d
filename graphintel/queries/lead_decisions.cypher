// The decisions analysts took on a lead, newest first.
// params: lead_id
// returns: decided_at, analyst, status, note
// group: lead
MATCH (d:Decision {lead_id: $lead_id})
RETURN d.decided_at AS decided_at, d.analyst AS analyst, d.status AS status, d.note AS note
ORDER BY decided_at DESC
