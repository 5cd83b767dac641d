// Every address, phone and e-mail, for the in-memory neighbour index.
// each: identifiers
// params: none
// returns: label, key, value, country
MATCH (n:<label>)
RETURN '<label>' AS label, n.key AS key, n.value AS value, n.country AS country
