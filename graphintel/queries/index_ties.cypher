// Every party-identifier tie, for the in-memory neighbour index.
// each: party_identifiers
// params: none
// returns: party, kind, key
// group: internal
MATCH (p:<party>)-[:<relationship>]->(i:<label>)
RETURN p.key AS party, '<label>' AS kind, i.key AS key
