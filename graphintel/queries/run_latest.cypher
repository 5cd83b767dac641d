// The newest scoring run's record.
// params: none
// returns: run_id, started_at, finished_at, model, parameters, summary, folder
// group: internal
MATCH (r:Run)
RETURN r.run_id AS run_id, r.started_at AS started_at, r.finished_at AS finished_at, r.model AS model,
       r.parameters AS parameters, r.summary AS summary, r.folder AS folder
ORDER BY r.started_at DESC, r.run_id DESC
LIMIT 1
