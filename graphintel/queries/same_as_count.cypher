// How many SAME_AS links entity resolution wrote (none: the link chart need not look for them).
// params: none
// returns: links
// group: entity
MATCH ()-[r:SAME_AS]->()
RETURN count(r) AS links
