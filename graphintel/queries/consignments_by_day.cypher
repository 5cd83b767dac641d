// Consignments per declaration day.
// params: none
// returns: day, consignments
// group: investigation
MATCH (c:Consignment)
RETURN c.declaration_date AS day, count(*) AS consignments
ORDER BY day
