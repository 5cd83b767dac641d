// The SAME_AS links among some parties and addresses (two spellings of one entity), with their score and evidence.
// params: keys (list of node keys, at most a few hundred: the nodes a link chart draws)
// Neo4j: the start nodes are looked up through the Seller/Buyer/Address key indexes, then their SAME_AS links.
// returns: source, target, score, evidence
// group: entity
MATCH (a:Seller|Buyer|Address)
WHERE a.key IN $keys
MATCH (a)-[r:SAME_AS]->(b)
WHERE b.key IN $keys
RETURN a.key AS source, b.key AS target, r.score AS score, r.evidence AS evidence
ORDER BY source, target
