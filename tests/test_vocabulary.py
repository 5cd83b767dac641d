"""Issue 16: the schema is the single vocabulary. A new kind of identifier (here a bank account) is one
schema entry plus its normaliser; ingest, the store, the projection, the party graph and search carry it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    from graphintel import schema

    schema.add_identifier(schema.IdentifierKind("bank_account", "BankAccount", "HAS_ACCOUNT", "iban:", "bank account"))

    from graphintel.ingest import normalise

    def ibans(values, countries):
        value = values.fillna("").astype(str).str.replace(" ", "", regex=False).str.upper()
        return value, value

    normalise.IDENTIFIER_NORMALISERS["bank_account"] = ibans

    from graphintel.analytics.projection import party_graph, read_projection
    from graphintel.cli import main
    from graphintel.leads.neighbours import NeighbourIndex
    from graphintel.leads.search import SearchIndex
    from graphintel.store import open_store

    folder = Path(sys.argv[1])
    rows = [
        "consignment_id,declaration_date,seller_id,seller_name,seller_country,seller_bank_account,buyer_id,buyer_name,"
        "declared_value,currency,destination_country",
        "C1,2026-01-02,S1,Alpha Trading,CN,GB29 NWBK 6016 1331 9268 19,B1,Ann,10,GBP,GB",
        "C2,2026-01-03,S2,Beta Export,CN,gb29nwbk60161331926819,B2,Bob,12,GBP,GB",
        "C3,2026-01-04,S3,Gamma Goods,CN,,B3,Cy,14,GBP,GB",
    ]
    (folder / "in.csv").write_text("\\n".join(rows) + "\\n")
    assert main(["ingest", str(folder / "in.csv"), "--home", str(folder / "home")]) == 0
    store = open_store(str(folder / "home" / "graph.lbug"))
    accounts = store.query("MATCH (s:Seller)-[:HAS_ACCOUNT]->(a:BankAccount) RETURN s.key AS seller, a.key AS key")
    data = read_projection(store)
    graph = party_graph(data)
    shared = [dict(graph["seller:S1"]["seller:S2"])] if "seller:S2" in graph["seller:S1"] else []
    found = SearchIndex.from_nodes(NeighbourIndex.build(store).nodes).search("GB29NWBK6016")
    print(json.dumps({
        "accounts": sorted(map(list, accounts.itertuples(index=False))),
        "kinds": sorted(set(data.links["kind"])),
        "shared": shared,
        "found": found[["label", "key"]].values.tolist(),
    }, default=float))
    """
)


def test_a_new_identifier_kind_is_one_schema_entry_and_a_normaliser(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "GRAPHINTEL_HOME"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    key = "iban:GB29NWBK60161331926819"
    assert seen["accounts"] == [["seller:S1", key], ["seller:S2", key]], "both spellings are one account node"
    assert "bank_account" in seen["kinds"], "the projection reads the new ties"
    assert seen["shared"] and seen["shared"][0]["shared"] == 1, "the two sellers are tied through the account"
    assert ["BankAccount", key] in seen["found"], "search finds the account"
