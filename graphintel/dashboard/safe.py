"""What the dashboard sends to the browser: values from the data are shown as text, never run or fetched.

Names, addresses, descriptions, reasons and notes come from traders and
analysts. Two ways they could reach the browser as more than text:

* **Markdown.** ``st.markdown``, ``st.caption``, ``st.subheader``, ``st.info``
  and the like render Markdown: ``![x](http://host/pixel.png)`` would fetch a
  picture from outside, ``[open](javascript:...)`` make a link.
  ``md`` escapes a value so it shows as typed.
* **Components.** The link chart (``dashboard/chart.py``) draws names on a
  canvas and writes its legend with ``textContent``; a component that used
  ``innerHTML`` would run ``"><img src=x onerror=...>`` in a name.
  ``graph_elements`` sends every text through ``component_text`` all the same.

Tables (``st.dataframe``), select boxes and metrics show text as text already.
"""

from __future__ import annotations

import html
import re
import string

from graphintel.finite import finite

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
# Characters that mean something in HTML, replaced by look-alikes: the drawing's labels (canvas text, where an
# entity would show as "&amp;") and its info panel (innerHTML) then both read naturally and neither can run.
_HTML_LOOKALIKES = str.maketrans({"&": "＆", "<": "‹", ">": "›", '"': "”", "'": "’", "`": "‘"})


def md(value: object) -> str:
    """A value as Markdown that shows it as typed: every ASCII punctuation mark backslash-escaped (CommonMark
    allows it for all of them), line breaks as spaces.

    >>> md("![x](http://host/pixel.png)")
    '\\\\!\\\\[x\\\\]\\\\(http\\\\:\\\\/\\\\/host\\\\/pixel\\\\.png\\\\)'
    >>> md(None), md(3)
    ('', '3')
    """
    if value is None:
        return ""
    text = " ".join(str(value).splitlines())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code(value: object) -> str:
    """A value as a Markdown code span (shown literally; a backtick in it, which would end the span,
    becomes a look-alike).

    >>> code("run `1` [x](y)")
    '`run ‘1‘ [x](y)`'
    """
    return "`" + " ".join(str(value).splitlines()).replace("`", "‘") + "`"


def component_text(value: object) -> str:
    """Text for a component that may put it into HTML: HTML's special characters become look-alikes
    (``&`` ``<`` ``>`` ``"`` ``'`` `````), then ``html.escape`` (which has nothing left to change).

    >>> component_text('S000648 "><img src=x onerror=alert(1)>')
    'S000648 ”›‹img src=x onerror=alert(1)›'
    """
    return html.escape(str(value).translate(_HTML_LOOKALIKES), quote=True)


def graph_elements(elements: dict) -> tuple[dict, dict[str, str]]:
    """Nodes and edges for the link chart with every text value made safe by ``component_text``;
    and a map from the ids sent back to the real ids (the component returns the ids it was given)."""
    ids: dict[str, str] = {}  # real id -> sent id
    taken: set[str] = set()

    def sent_id(real) -> str:
        real = str(real)
        if real not in ids:
            candidate, n = component_text(real), 1
            while candidate in taken:  # two ids that differ only in characters replaced above
                n += 1
                candidate = f"{component_text(real)} ·{n}"
            ids[real] = candidate
            taken.add(candidate)
        return ids[real]

    def clean(data: dict, id_keys: tuple[str, ...]) -> dict:
        out = {}
        for key, value in data.items():
            if key in id_keys:
                out[key] = sent_id(value)
            elif isinstance(value, str):
                out[key] = component_text(value)
            elif isinstance(value, float):
                out[key] = finite(value)  # JSON, as the browser parses it, has no NaN or infinity
            elif value is None or isinstance(value, bool | int):
                out[key] = value
            else:
                out[key] = component_text(value)
        return out

    nodes = [{**n, "data": clean(n["data"], ("id",))} for n in elements.get("nodes", [])]
    edges = [{**e, "data": clean(e["data"], ("id", "source", "target"))} for e in elements.get("edges", [])]
    return {"nodes": nodes, "edges": edges}, {sent: real for real, sent in ids.items()}
