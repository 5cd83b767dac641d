// Every note of every case notebook, with the lead's members when written (to find a later run's lead).
// params: none
// returns: lead_id, run_id, analyst, written_at, text, members
// group: internal
MATCH (n:CaseNote)
RETURN n.lead_id AS lead_id, n.run_id AS run_id, n.analyst AS analyst, n.written_at AS written_at,
       n.text AS text, n.members AS members
ORDER BY written_at, lead_id
