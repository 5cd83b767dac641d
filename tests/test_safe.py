"""What the dashboard sends to the browser: Markdown that shows values as typed, component text that
cannot become HTML."""

from __future__ import annotations

import html

import pytest
from markdown_it import MarkdownIt

from graphintel.dashboard.safe import code, component_text, graph_elements, md

HOSTILE = [
    'S000648 "><img src=x onerror=alert(1)>',
    "<script>alert(1)</script>",
    "![x](http://host/pixel.png)",
    "[open](javascript:alert(1))",
    "<http://host/x> **bold** _it_ `code` ~~gone~~ $x^2$ :red[colour] :material/home:",
    "# heading\n- item\n\n> quote",
    "a & b < c > d 'e' \"f\" `g`",
    "\\[escaped\\] \\",
    "Smith & Sons O'Brien «Ромашка» 深圳",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_shows_the_value_as_typed(value):
    rendered = MarkdownIt("commonmark").enable("strikethrough").render(md(value))
    assert rendered.startswith("<p>") and rendered.count("<p>") == 1, rendered
    inner = rendered.strip()[3:-4]
    assert "<" not in inner.replace("&lt;", ""), f"a tag was made: {rendered}"
    assert html.unescape(inner) == " ".join(value.splitlines())


@pytest.mark.parametrize("value", HOSTILE)
def test_component_text_holds_no_html(value):
    text = component_text(value)
    assert not set(text) & set("<>&\"'`"), text
    assert html.escape(text) == text, "html.escape has nothing left to change"


def test_code_spans_cannot_be_closed_early():
    assert code("a`b") == "`a‘b`"
    rendered = MarkdownIt("commonmark").render(code("run ` [x](javascript:y) `"))
    assert rendered.count("<code>") == 1 and "<a " not in rendered


def test_graph_elements_escape_every_text_and_map_ids_back():
    nasty = 'seller:S1 "><img src=x onerror=alert(1)>'
    elements = {
        "nodes": [
            {"data": {"id": nasty, "label": "SELLER", "name": nasty, "score": float("inf")}},
            {"data": {"id": "buyer:B1", "label": "BUYER", "name": "Smith & Sons", "score": 0.5}},
        ],
        "edges": [{"data": {"id": f"t|{nasty}|buyer:B1", "source": nasty, "target": "buyer:B1", "parcels": 3}}],
    }
    sent, real = graph_elements(elements)
    texts = [v for kind in ("nodes", "edges") for item in sent[kind] for v in item["data"].values()]
    assert not [t for t in texts if isinstance(t, str) and set(t) & set("<>&\"'`")]
    node = sent["nodes"][0]["data"]
    assert real[node["id"]] == nasty and sent["edges"][0]["data"]["source"] == node["id"]
    assert node["score"] is not None and node["score"] < float("inf"), "JSON, as browsers parse it, has no Infinity"
    assert sent["nodes"][1]["data"]["name"] == "Smith ＆ Sons"
