// Every party-identifier tie with the identifier's value, for the party projection.
// each: party_identifiers
// params: none
// returns: party, identifier, value, kind
// group: internal
MATCH (p:<party>)-[:<relationship>]->(i:<label>)
RETURN p.key AS party, i.key AS identifier, i.value AS value, '<column>' AS kind
