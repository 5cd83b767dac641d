// The SAME_AS links among some parties and addresses (two spellings of one entity), with their score and evidence.
// params: keys (list of node keys, at most a few hundred: the nodes a link chart draws)
// returns: source, target, score, evidence
// group: entity
MATCH (a:Seller:Buyer:Address)-[r:SAME_AS]->(b:Seller:Buyer:Address)
WHERE a.key IN $keys AND b.key IN $keys
RETURN a.key AS source, b.key AS target, r.score AS score, r.evidence AS evidence
ORDER BY source, target
