// Weighted PageRank of a projected GDS graph, by party key.
// params: name
// returns: key, score
// needs: gds (Neo4j with the Graph Data Science library)
// group: internal
CALL gds.pageRank.stream($name, {relationshipWeightProperty: 'weight', concurrency: 1})
YIELD nodeId, score
RETURN gds.util.asNode(nodeId).key AS key, score
