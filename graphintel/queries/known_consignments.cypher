// name: known_consignments
// Which of the given consignment keys the store holds (feedback names only consignments that exist).
// parameters: $ids
// returns: k
UNWIND $ids AS id MATCH (c:Consignment {key: id}) RETURN c.key AS k
