// Every address, phone and e-mail, for the in-memory neighbour index.
// each: identifiers
// params: none
// returns: label, key, value, country, entity_id, entity_name, entity_variants, display
// group: internal
MATCH (n:<label>)
RETURN '<label>' AS label, n.key AS key, n.value AS value, n.country AS country, n.entity_id AS entity_id,
       n.entity_name AS entity_name, n.entity_variants AS entity_variants, n.display AS display
