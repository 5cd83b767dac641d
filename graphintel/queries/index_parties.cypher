// Every seller and buyer, for the in-memory neighbour index (one read per data version).
// each: parties
// params: none
// returns: label, key, party_id, name, country, score, reasons, entity_id, entity_name, entity_variants
// group: internal
MATCH (n:<party>)
RETURN '<party>' AS label, n.key AS key, n.party_id AS party_id, n.name AS name, n.country AS country,
       n.score AS score, n.reasons AS reasons, n.entity_id AS entity_id, n.entity_name AS entity_name,
       n.entity_variants AS entity_variants
