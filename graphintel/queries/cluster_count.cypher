// Clusters (communities) of the latest scoring run.
// params: none
// returns: clusters
// group: investigation
MATCH (p:Seller:Buyer)
WHERE p.cluster_id IS NOT NULL
RETURN count(DISTINCT p.cluster_id) AS clusters
