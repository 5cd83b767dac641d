// Leiden communities of a projected GDS graph, weighted, seeded (the same seed gives the same communities).
// params: name, seed
// returns: key, community
// needs: gds (Neo4j with the Graph Data Science library)
// group: internal
CALL gds.leiden.stream($name, {relationshipWeightProperty: 'weight', randomSeed: $seed, concurrency: 1})
YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).key AS key, communityId AS community
