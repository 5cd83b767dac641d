// Every consignment with the fields scoring reads (the party projection's input), one read.
// params: none
// returns: key, consignment_id, declaration_date, transport_doc, seller_key, buyer_key, delivery_address_key, declarant_id, carrier_id, platform, hs_code, hs_chapter, quantity, gross_weight_kg, declared_value, currency, origin_country, departure_country, destination_country, seller_country, buyer_country, channel, transport_mode, inspected, fraud, revenue_recovered, extra
// group: internal
MATCH (c:Consignment)
RETURN c.key AS key, c.consignment_id AS consignment_id, c.declaration_date AS declaration_date, c.transport_doc AS transport_doc,
       c.seller_key AS seller_key, c.buyer_key AS buyer_key, c.delivery_address_key AS delivery_address_key, c.declarant_id AS declarant_id,
       c.carrier_id AS carrier_id, c.platform AS platform, c.hs_code AS hs_code, c.hs_chapter AS hs_chapter,
       c.quantity AS quantity, c.gross_weight_kg AS gross_weight_kg, c.declared_value AS declared_value, c.currency AS currency,
       c.origin_country AS origin_country, c.departure_country AS departure_country, c.destination_country AS destination_country, c.seller_country AS seller_country,
       c.buyer_country AS buyer_country, c.channel AS channel, c.transport_mode AS transport_mode, c.inspected AS inspected,
       c.fraud AS fraud, c.revenue_recovered AS revenue_recovered, c.extra AS extra
ORDER BY c.key
