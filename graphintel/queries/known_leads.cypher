// name: known_leads
// Which of the given lead ids the store holds (feedback names only leads that exist).
// parameters: $ids
// returns: k
// group: internal
UNWIND $ids AS id MATCH (l:Lead {lead_id: id}) RETURN l.lead_id AS k
