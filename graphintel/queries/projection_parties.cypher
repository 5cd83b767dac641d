// Every seller and buyer, for the party projection.
// each: parties
// params: none
// returns: key, party_id, name, name_norm, country, label
// group: internal
MATCH (p:<party>)
RETURN p.key AS key, p.party_id AS party_id, p.name AS name, p.name_norm AS name_norm, p.country AS country,
       '<party>' AS label
