// Write a note in a lead's case notebook (a write).
// params: key, lead_id, run_id, analyst, written_at, text, members
// returns: nothing
// mode: write
// group: internal
CREATE (:CaseNote {key: $key, lead_id: $lead_id, run_id: $run_id, analyst: $analyst, written_at: $written_at,
                   text: $text, members: $members})
