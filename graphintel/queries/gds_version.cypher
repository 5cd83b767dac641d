// The Graph Data Science library's version (fails when GDS is not installed).
// params: none
// returns: version
// needs: gds (Neo4j with the Graph Data Science library)
// group: internal
RETURN gds.version() AS version
