// Consignments per declaration day.
// params: none
MATCH (c:Consignment)
RETURN c.declaration_date AS day, count(*) AS consignments
ORDER BY day
