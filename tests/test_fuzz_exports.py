"""Property test: whatever a trader declares, the exports hold it as inert text.

Hypothesis generates hostile names, addresses and descriptions (formulas, HTML and script, Markdown,
control characters, huge values, non-Latin scripts) and declared values (huge, infinite, missing); every
writer (CSV, XLSX, JSON, HTML, GraphML) must produce files that parse, in which no cell is a live formula
and no markup of the values became a tag or an attribute.
"""

from __future__ import annotations

import csv
import json
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import networkx as nx
import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphintel.leads.export import EXPORTERS, write_package
from graphintel.leads.export.cells import FORMULA_STARTS, xml_text
from graphintel.leads.export.json_export import schema
from tests.hostile import FORMULAS, HTML, MARKDOWN, package

SAMPLES = FORMULAS + [
    HTML,
    MARKDOWN,
    "<script>alert(1)</script>",
    "</td></tr></table><svg onload=alert(1)>",
    "]]><!ENTITY x SYSTEM 'file:///etc/passwd'>",
    "{{ 7*7 }} {% raw %}",
    "شركة النور", "ООО «Ромашка»", "深圳市太阳科技", "नमस्ते", "\u202eevil\u202c", "a\x00b\x1fc\x7f",
]  # fmt: skip

any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
hostile_text = st.one_of(
    st.sampled_from(SAMPLES),
    any_text,
    st.tuples(st.sampled_from(FORMULA_STARTS), any_text).map("".join),
    st.tuples(st.sampled_from(SAMPLES), any_text, st.sampled_from(SAMPLES)).map(" ".join),
    st.text(alphabet=st.characters(categories=("Lo", "Mn", "Nd")), min_size=1, max_size=40),
    st.integers(33_000, 40_000).map(lambda n: "=" + "A" * n),  # beyond a spreadsheet cell
).filter(lambda text: text.strip() != "")
declared = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(1e308))


def number(cell: str) -> bool:
    """A number written by the exporter (``-0.0``, ``-1.5e+308``): a spreadsheet reads it as a number."""
    try:
        float(cell)
    except ValueError:
        return False
    return cell.strip() == cell


class Markup(HTMLParser):
    """The tags and attribute names of a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]


def baseline_markup() -> Markup:
    with tempfile.TemporaryDirectory() as tmp:
        write_package(package(), ["html"], Path(tmp) / "out", Path(tmp))
        parser = Markup()
        parser.feed((Path(tmp) / "out" / "report.html").read_text(encoding="utf-8"))
    return parser


BASELINE = baseline_markup()


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=hostile_text, address=hostile_text, description=hostile_text, value=declared)
def test_hostile_values_stay_inert_in_every_export(name, address, description, value):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "out"
        write_package(package(name, address, description, value), list(EXPORTERS), folder, Path(tmp))

        book = openpyxl.load_workbook(folder / "leads.xlsx")
        for sheet in book:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (cell.coordinate, cell.value)
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, (cell.coordinate, cell.value)

        for path in folder.glob("*.csv"):
            with path.open(newline="", encoding="utf-8") as handle:
                live = [c for row in csv.reader(handle) for c in row if c.startswith(FORMULA_STARTS) and not number(c)]
            assert not live, (path.name, live[:3])

        def no_constants(token):
            raise AssertionError(f"JSON with {token}")

        doc = json.loads((folder / "leads.json").read_text(encoding="utf-8"), parse_constant=no_constants)
        jsonschema.validate(doc, schema())
        assert doc["leads"][0]["members"][1]["name"] == name, "JSON keeps the value as declared"

        parser = Markup()
        parser.feed((folder / "report.html").read_text(encoding="utf-8"))
        assert sorted(set(parser.tags)) == sorted(set(BASELINE.tags)), "a value became a tag"
        assert sorted(set(parser.attributes)) == sorted(set(BASELINE.attributes)), "a value became an attribute"
        assert not [a for a in parser.attributes if a.startswith("on")]

        graph = nx.read_graphml(folder / "R1-L0001.graphml")
        names = {d["name"] for _, d in graph.nodes(data=True)}
        assert xml_text(f"B1 {name}").replace("\r\n", "\n").replace("\r", "\n") in names
