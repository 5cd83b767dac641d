"""GraphML for link-chart tools (i2 Analyst's Notebook, Gephi, yEd): one file per lead.

Nodes carry type, name, party id and score; edges their type, parcels and
value. Graph attributes name the run, model, lead and handling marking.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graphintel.leads.export.base import Exporter
from graphintel.leads.package import LeadPackage


class GraphmlExporter(Exporter):
    name = "graphml"

    def write(self, package: LeadPackage) -> list[Path]:
        paths = []
        for lead in package.leads.itertuples(index=False):
            net = package.networks.get(lead.lead_id, {"nodes": [], "edges": []})
            graph = nx.MultiDiGraph(
                lead_id=lead.lead_id,
                scheme=str(lead.scheme),
                score=float(lead.score),
                run_id=str(package.run["run_id"]),
                model=str(package.run["model"]),
                handling=package.marking,
                masked=package.masked,
                generator=package.generator,
            )
            for n in net["nodes"]:
                attrs = {"type": n["label"], "name": str(n.get("name", ""))}
                if n.get("party_id"):
                    attrs["party_id"] = str(n["party_id"])
                if n.get("score") is not None:
                    attrs["score"] = float(n["score"])
                graph.add_node(n["id"], **attrs)
            for e in net["edges"]:
                attrs = {"type": e["label"]}
                if "parcels" in e:
                    attrs.update(parcels=int(e["parcels"]), value=float(e.get("value", 0)))
                graph.add_edge(e["source"], e["target"], key=e["id"], **attrs)
            path = self.out_dir / f"{lead.lead_id}.graphml"
            nx.write_graphml(graph, path)
            paths.append(path)
        return paths
