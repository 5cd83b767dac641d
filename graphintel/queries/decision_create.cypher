// Record an analyst's decision on a lead (a write).
// params: key, lead_id, run_id, status, note, analyst, decided_at, members
// returns: nothing
// mode: write
// group: internal
CREATE (:Decision {key: $key, lead_id: $lead_id, run_id: $run_id, status: $status, note: $note,
                   analyst: $analyst, decided_at: $decided_at, members: $members})
