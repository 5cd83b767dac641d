// Analysts' merge and split decisions on spellings, for every later resolution to respect.
// params: none
// returns: kind, label, left, right, analyst, decided_at, note
// group: entity
MATCH (d:EntityDecision)
RETURN d.kind AS kind, d.label AS label, d.left AS left, d.right AS right, d.analyst AS analyst,
       d.decided_at AS decided_at, d.note AS note
