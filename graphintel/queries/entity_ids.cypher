// The entity of every seller, buyer and address spelling (null before the first resolution).
// each: resolved
// params: none
// returns: key, entity_id, entity_score, entity_variants, entity_name
// group: internal
MATCH (n:<label>)
RETURN n.key AS key, n.entity_id AS entity_id, n.entity_score AS entity_score,
       n.entity_variants AS entity_variants, n.entity_name AS entity_name
