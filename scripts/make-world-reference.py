"""Make the route map's shipped geometry (run by hand; the outputs are committed):

- ``graphintel/reference/world_110m.json``: Natural Earth 1:110m admin-0 countries as TopoJSON, from the npm
  package ``world-atlas`` 2.0.2 (``countries-110m.json``: Natural Earth 4.1.0, public domain; the package's
  ISC licence is kept in ``graphintel/reference/world_LICENSE.txt``), with the ``land`` object removed.
- ``graphintel/reference/country_centroids.csv``: one point per country (ISO 3166-1 alpha-2), the planar centroid
  of its largest polygon in the 1:10m file (``countries-10m.json``, which holds small countries such as Hong Kong
  and Singapore that the 1:110m drawing leaves out).

Usage: npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
       python scripts/make-world-reference.py package/
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "graphintel" / "reference"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Area (absolute) and centroid of a closed ring, planar in degrees."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = zip(*points, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def main(folder: Path) -> None:
    small = json.loads((folder / "countries-110m.json").read_text())
    small["objects"].pop("land", None)
    (OUT / "world_110m.json").write_text(json.dumps(small, separators=(",", ":")))
    (OUT / "world_LICENSE.txt").write_text((folder / "LICENSE").read_text())
    big = json.loads((folder / "countries-10m.json").read_text())
    arcs = decode_arcs(big)
    rows: dict[str, tuple] = {}  # one per code: the largest (Australia, not its Coral Sea Islands)
    for geometry in big["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=str(geometry.get("id", "")).zfill(3))
        if country is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        best = max((centroid(ring(arcs, polygon[0])) for polygon in polygons), key=lambda c: c[0])
        if country.alpha_2 not in rows or rows[country.alpha_2][0] < best[0]:
            rows[country.alpha_2] = (best[0], country.alpha_2, country.name, round(best[1], 3), round(best[2], 3))
    with (OUT / "country_centroids.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["country", "name", "lon", "lat"])
        writer.writerows(sorted(r[1:] for r in rows.values()))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
