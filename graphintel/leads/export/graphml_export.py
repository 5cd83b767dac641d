"""GraphML for link-chart tools (i2 Analyst's Notebook, Gephi, yEd): one file per lead.

Nodes carry type, name, party id and score; edges their type, parcels and
value. Graph attributes name the run, model, lead and handling marking. Text is
cleaned of characters XML cannot carry and numbers are finite, so every file parses.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graphintel.finite import finite
from graphintel.leads.export.base import Exporter
from graphintel.leads.export.cells import xml_text
from graphintel.leads.package import LeadPackage


class GraphmlExporter(Exporter):
    name = "graphml"

    def write(self, package: LeadPackage) -> list[Path]:
        paths = []
        for lead in package.leads.itertuples(index=False):
            net = package.networks.get(lead.lead_id, {"nodes": [], "edges": []})
            graph = nx.MultiDiGraph(
                lead_id=_text(lead.lead_id),
                scheme=_text(lead.scheme),
                score=finite(lead.score) or 0.0,
                run_id=_text(package.run["run_id"]),
                model=_text(package.run["model"]),
                handling=_text(package.marking),
                masked=package.masked,
                generator=package.generator,
            )
            for n in net["nodes"]:
                attrs = {"type": _text(n["label"]), "name": _text(n.get("name", ""))}
                if n.get("party_id"):
                    attrs["party_id"] = _text(n["party_id"])
                if finite(n.get("score")) is not None:
                    attrs["score"] = finite(n["score"])
                graph.add_node(_text(n["id"]), **attrs)
            for e in net["edges"]:
                attrs = {"type": _text(e["label"])}
                if "parcels" in e:
                    attrs.update(parcels=int(e["parcels"]), value=finite(e.get("value")) or 0.0)
                graph.add_edge(_text(e["source"]), _text(e["target"]), key=_text(e["id"]), **attrs)
            path = self.out_dir / f"{lead.lead_id}.graphml"
            nx.write_graphml(graph, path)
            paths.append(path)
        return paths


def _text(value) -> str:
    return xml_text("" if value is None else str(value))
