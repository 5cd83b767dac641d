// name: known_consignments
// Which of the given consignment keys the store holds (feedback names only consignments that exist).
// parameters: $ids
// returns: k
// group: internal
UNWIND $ids AS id MATCH (c:Consignment {key: id}) RETURN c.key AS k
