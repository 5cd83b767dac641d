// Connected components (WCC) of a projected GDS graph, by party key.
// params: name
// returns: key, component
// needs: gds (Neo4j with the Graph Data Science library)
// group: internal
CALL gds.wcc.stream($name, {concurrency: 1})
YIELD nodeId, componentId
RETURN gds.util.asNode(nodeId).key AS key, componentId AS component
