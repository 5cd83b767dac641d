// Record an analyst's merge or split of two spellings (a write).
// params: key, kind, label, left, right, analyst, note, decided_at
// returns: nothing
// mode: write
// group: internal
CREATE (:EntityDecision {key: $key, kind: $kind, label: $label, left: $left, right: $right, analyst: $analyst,
                         note: $note, decided_at: $decided_at})
