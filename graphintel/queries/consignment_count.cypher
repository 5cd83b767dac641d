// name: consignment_count
// How many consignments the store holds.
// parameters: (none)
// returns: n
// group: internal
MATCH (c:Consignment) RETURN count(c) AS n
