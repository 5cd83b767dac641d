"""Issue 16: every Cypher statement lives in ``queries/`` with a header, and nowhere else outside the stores."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graphintel.store.base import QUERIES_DIR, expand_template, read_query_text

PACKAGE = Path(__file__).resolve().parents[1] / "graphintel"
# A string that starts a Cypher clause: what a query literal outside queries/ would look like.
CYPHER = re.compile(
    r"\b(MATCH \(|OPTIONAL MATCH|MERGE \(|CREATE \(|UNWIND \$|DETACH DELETE|RETURN \w+(\.\w+)? AS|CALL gds\.|"
    r"CALL db\.|LOAD FROM)"
)


def _literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            yield node.lineno, text


def test_no_cypher_outside_queries_and_the_stores():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "store" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for line, text in _literals(path):
            if CYPHER.search(text) and not text.lstrip().startswith(("The ", "A ", "Run ", "``")):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {text[:70]!r}")
    assert not found, "Cypher outside queries/:\n" + "\n".join(found)


def test_the_check_catches_a_query_literal(tmp_path):
    """The scan above would find a query written in Python."""
    module = tmp_path / "m.py"
    module.write_text('q = "MATCH (n:Seller) RETURN n.key AS key"\nr = f"MATCH ({1}) RETURN x"\n')
    assert {line for line, text in _literals(module) if CYPHER.search(text)} == {1, 2}


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.glob("*.cypher")), ids=lambda p: p.name)
def test_every_named_query_has_a_header_naming_parameters_and_columns(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("//")]
    assert header and lines[0].startswith("//"), f"{path.name}: starts with a comment saying what it answers"
    params = [line for line in header if line.startswith(("// params:", "// parameters:"))]
    returns = [line for line in header if line.startswith("// returns:")]
    assert params, f"{path.name}: no '// params:' line"
    assert returns, f"{path.name}: no '// returns:' line"
    named = [p for p in re.findall(r"\$(\w+)", path.read_text(encoding="utf-8"))]
    declared = " ".join(header)
    missing = sorted({p for p in named if p not in declared})
    assert not missing, f"{path.name}: parameters used but not named in the header: {missing}"


def test_a_template_expands_over_the_schemas_identifier_kinds(monkeypatch):
    """A new identifier kind is one schema entry: templates pick it up without an edit."""
    from graphintel import schema

    text = "// t\n// each: party_identifiers\nMATCH (p:<party>)-[:<relationship>]->(i:<label>) RETURN p.key AS k"
    before = expand_template(text)
    assert before.count("UNION ALL") == len(schema.PARTY_LABELS) * len(schema.IDENTIFIERS) - 1
    extra = schema.IdentifierKind("bank_account", "BankAccount", "HAS_ACCOUNT", "iban:", "bank account")
    monkeypatch.setattr(schema, "IDENTIFIERS", (*schema.IDENTIFIERS, extra))
    after = expand_template(text)
    assert "MATCH (p:Seller)-[:HAS_ACCOUNT]->(i:BankAccount)" in after
    assert after.count("UNION ALL") == before.count("UNION ALL") + len(schema.PARTY_LABELS)
    assert "UNION ALL" in read_query_text("index_ties")
