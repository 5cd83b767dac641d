// Project the party graph into GDS from the stored graph itself (Cypher aggregation), with the weights of
// analytics.projection.party_graph: seller-buyer trade (more parcels heavier, damped by the seller's number of
// buyers), parties sharing an address, phone or e-mail (1/log2(sharers), none for hubs or above the contact
// limit; spelling variants of a hub count as the hub) and sellers sharing a declarant (0.3/log2(sharers)).
// params: name, trade_weight, hub_limit, contact_limit, hubs (identifier keys), replaced (variant key -> hub key)
// returns: nodes, relationships
// needs: gds (Neo4j with the Graph Data Science library)
// group: internal
CALL {
  MATCH (s:Seller)-[:SHIPPED]->(:Consignment)-[:CONSIGNED_TO]->(b:Buyer)
  WITH s, b, count(*) AS parcels
  WITH s, collect([b, parcels]) AS partners
  UNWIND partners AS partner
  RETURN s AS x, partner[0] AS y,
         $trade_weight * (1 + log(partner[1]) / log(2)) / (log(1 + size(partners)) / log(2)) AS w
  UNION ALL
  MATCH (p)-[:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(i)
  WHERE p:Seller OR p:Buyer
  WITH coalesce($replaced[i.key], i.key) AS identifier, collect(DISTINCT p) AS sharers
  WITH identifier, sharers, size(sharers) AS k
  WHERE k >= 2 AND k <= $contact_limit AND NOT identifier IN $hubs
  UNWIND sharers AS x
  UNWIND sharers AS y
  WITH x, y, k WHERE x.key < y.key
  RETURN x, y, 1.0 / (log(k) / log(2)) AS w
  UNION ALL
  MATCH (s:Seller)-[:SHIPPED]->(:Consignment)-[:DECLARED_BY]->(d:Declarant)
  WITH d, collect(DISTINCT s) AS sharers
  WITH sharers, size(sharers) AS k
  WHERE k >= 2 AND k <= $hub_limit
  UNWIND sharers AS x
  UNWIND sharers AS y
  WITH x, y, k WHERE x.key < y.key
  RETURN x, y, 0.3 / (log(k) / log(2)) AS w
}
WITH CASE WHEN x.key < y.key THEN x ELSE y END AS a, CASE WHEN x.key < y.key THEN y ELSE x END AS b, w
WITH a, b, sum(w) AS weight
ORDER BY a.key, b.key  // GDS numbers nodes as they come: by key, whatever ids the server gave them
WITH gds.graph.project($name, a, b, {relationshipProperties: {weight: weight}},
                       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
