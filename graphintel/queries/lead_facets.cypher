// Channels, routes and dates of the parcels of each lead of a run (for the leads queue's filters).
// params: run_id
// returns: lead_id, channel, origin_country, destination_country, first_date, last_date, parcels
// group: lead
MATCH (r:Run {run_id: $run_id})-[:PRODUCED]->(l:Lead)-[:INVOLVES]->(s:Seller)-[:SHIPPED]->(c:Consignment)
RETURN l.lead_id AS lead_id, c.channel AS channel, c.origin_country AS origin_country,
       c.destination_country AS destination_country, min(c.declaration_date) AS first_date,
       max(c.declaration_date) AS last_date, count(c) AS parcels
UNION ALL
MATCH (r:Run {run_id: $run_id})-[:PRODUCED]->(l:Lead)-[:INVOLVES]->(b:Buyer)<-[:CONSIGNED_TO]-(c:Consignment)
RETURN l.lead_id AS lead_id, c.channel AS channel, c.origin_country AS origin_country,
       c.destination_country AS destination_country, min(c.declaration_date) AS first_date,
       max(c.declaration_date) AS last_date, count(c) AS parcels
