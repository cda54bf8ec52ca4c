"""The map of communes as inline SVG: no tiles, no script, so it opens offline and prints.

Equirectangular projection scaled by cos(latitude) at the map's centre: at the scale of a
few departments the distortion is under a percent, and it needs no GIS library.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

from maillage.models.instance import Instance
from maillage.models.solution import Solution

WIDTH = 900
PAD = 24
MARGIN_DEG = 0.08
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    rings: list[list[Point]]  # (lon, lat)

    def bbox(self) -> tuple[float, float, float, float]:
        lons = [p[0] for ring in self.rings for p in ring]
        lats = [p[1] for ring in self.rings for p in ring]
        return min(lons), min(lats), max(lons), max(lats)


def _rings(geometry: dict[str, Any]) -> Iterator[list[Point]]:
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else geometry["coordinates"]
        if geometry["type"] == "MultiPolygon"
        else []
    )
    for polygon in polygons:
        for ring in polygon:
            yield [(float(x), float(y)) for x, y, *_ in ring]


@cache
def departments() -> tuple[Department, ...]:
    """Department outlines shipped with the package (IGN Admin Express, Licence Ouverte)."""
    text = resources.files("maillage.solver.report").joinpath("data/departements.geojson")
    data = json.loads(text.read_text(encoding="utf-8"))
    return tuple(
        Department(
            str(f["properties"].get("code", "")),
            str(f["properties"].get("nom", "")),
            list(_rings(f["geometry"])),
        )
        for f in data["features"]
    )


def share_colour(share: float | None) -> str:
    """Red (nothing served) through amber to green (all unmet need within reach)."""
    if share is None:
        return "#bdbdbd"
    share = min(1.0, max(0.0, share))
    stops = [(0.0, (198, 40, 40)), (0.5, (249, 168, 37)), (1.0, (46, 125, 50))]
    for (a, ca), (b, cb) in itertools.pairwise(stops):
        if share <= b:
            t = (share - a) / (b - a)
            r, g, bl = (round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            return f"#{r:02x}{g:02x}{bl:02x}"
    return "#2e7d32"


class Projection:
    """Degrees to SVG pixels for a bounding box, keeping the aspect ratio true at its centre."""

    def __init__(self, west: float, south: float, east: float, north: float) -> None:
        self.west, self.south, self.east, self.north = west, south, east, north
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * self.kx, 1e-6)
        span_y = max(north - south, 1e-6)
        self.scale = (WIDTH - 2 * PAD) / span_x
        self.height = round(span_y * self.scale + 2 * PAD)

    def __call__(self, lon: float, lat: float) -> Point:
        return (
            round(PAD + (lon - self.west) * self.kx * self.scale, 1),
            round(PAD + (self.north - lat) * self.scale, 1),
        )


def bounding_box(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of (lon, lat) points plus a margin, never degenerate."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    margin = max(MARGIN_DEG, 0.08 * max(max(lons) - min(lons), max(lats) - min(lats)))
    return min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin


def shares(solution: Solution) -> dict[str, float | None]:
    """Served over unmet need per commune, all care lines together; None where no need."""
    need: dict[str, float] = defaultdict(float)
    served: dict[str, float] = defaultdict(float)
    for c in solution.coverage:
        need[c.insee] += c.need
        served[c.insee] += c.served
    return {k: (served[k] / need[k] if need[k] > 0 else None) for k in need}


def _intersects(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def render(instance: Instance, solution: Solution, labels: dict[str, str]) -> Markup:
    """The SVG element; every text in it is escaped."""
    points = [(c.lon, c.lat) for c in instance.communes] + [(s.lon, s.lat) for s in instance.sites]
    box = bounding_box(points)
    proj = Projection(*box)
    share = shares(solution)
    out = [
        f'<svg class="map" role="img" '
        f'viewBox="0 0 {WIDTH} {proj.height}" width="{WIDTH}" height="{proj.height}" '
        f'aria-label="{escape(labels["map"])}">',
        f'<defs><clipPath id="frame"><rect x="0" y="0" width="{WIDTH}" '
        f'height="{proj.height}"/></clipPath></defs>',
        f'<rect class="sea" x="0" y="0" width="{WIDTH}" height="{proj.height}"/>',
        '<g class="departments" clip-path="url(#frame)">',
    ]
    for dep in departments():
        if not _intersects(dep.bbox(), box):
            continue
        path = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (proj(*p) for p in ring)) + " Z"
            for ring in dep.rings
        )
        out.append(
            f'<path class="dep" data-dep="{escape(dep.code)}" d="{path}">'
            f"<title>{escape(dep.name)} ({escape(dep.code)})</title></path>"
        )
    out.append("</g><g class=communes>")
    for c in sorted(instance.communes, key=lambda c: -c.population):
        x, y = proj(c.lon, c.lat)
        s = share.get(c.insee)
        radius = round(3 + 1.2 * math.sqrt(c.population / 1000), 1)
        pct = labels["no_need"] if s is None else f"{round(100 * s)} %"
        out.append(
            f'<circle class="commune" data-insee="{escape(c.insee)}" cx="{x}" cy="{y}" '
            f'r="{min(radius, 14)}" fill="{share_colour(s)}">'
            f"<title>{escape(c.name)} ({escape(c.insee)}): {escape(pct)}</title></circle>"
        )
    out.append("</g><g class=sites>")
    for site in instance.sites:
        x, y = proj(site.lon, site.lat)
        out.append(
            f'<g class="site" data-site="{escape(site.id)}"><title>{escape(site.name)}</title>'
            f'<rect x="{x - 6}" y="{y - 6}" width="12" height="12"/>'
            f'<text x="{x + 9}" y="{y - 8}">{escape(site.name)}</text></g>'
        )
    out.append("</g></svg>")
    return Markup("".join(out))
