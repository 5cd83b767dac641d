// Every decision taken on a lead, for carrying decisions to the next run's leads.
// params: none
// returns: lead_id, status, note, analyst, decided_at, members
// group: internal
MATCH (d:Decision)
RETURN d.lead_id AS lead_id, d.status AS status, d.note AS note, d.analyst AS analyst,
       d.decided_at AS decided_at, d.members AS members
