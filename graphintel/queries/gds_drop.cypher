// Drop a projected GDS graph (no error when it was never made).
// params: name
// returns: graphName
// needs: gds (Neo4j with the Graph Data Science library)
// group: internal
CALL gds.graph.drop($name, false)
YIELD graphName
RETURN graphName
