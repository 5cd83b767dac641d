// Which of some keys are seller, buyer or address nodes (an entity decision names two).
// each: resolved
// params: keys (list of node keys)
// returns: key, entity_id
// group: internal
MATCH (n:<label>)
WHERE n.key IN $keys
RETURN n.key AS key, n.entity_id AS entity_id
