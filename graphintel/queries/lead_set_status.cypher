// Set a lead's status from a decision (a write).
// params: lead_id, status, note, analyst, decided_at
// returns: nothing
// mode: write
// group: internal
MATCH (l:Lead {lead_id: $lead_id})
SET l.status = $status, l.note = $note, l.decided_by = $analyst, l.decided_at = $decided_at
