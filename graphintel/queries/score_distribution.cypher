// Scored consignments per score band of 0.05.
// params: none
// returns: band, consignments
// group: investigation
MATCH (c:Consignment)
WHERE c.score IS NOT NULL
RETURN floor(c.score * 20) / 20 AS band, count(*) AS consignments
ORDER BY band
