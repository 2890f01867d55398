"""Server-rendered SVG map: project GeoJSON boundaries to SVG paths (pure, no ORM).

Equirectangular projection with the longitude scaled by cos(latitude) at the map's centre,
which is accurate to well under a pixel at a regency's size; points closer than half a pixel to
the previous one are dropped, so a kecamatan map stays a few tens of kilobytes.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

PALETTE = ["#9aa5b1", "#c0392b", "#1f6fb2", "#2e8b57", "#d68910", "#7d3c98", "#117a65"]


@dataclass(frozen=True)
class Shape:
    kode: str
    nama: str
    geometry: dict[str, Any]
    fill: str
    href: str
    label: str


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for poly in coords:
            yield from poly


def render(shapes: Sequence[Shape], *, width: int = 600) -> dict[str, Any]:
    """{'width', 'height', 'paths': [{'d', 'fill', 'href', 'label', 'kode'}]} for a template."""
    pts = [p for s in shapes for ring in _rings(s.geometry) for p in ring]
    if not pts:
        return {"width": width, "height": 0, "paths": []}
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    k = math.cos(math.radians((min(ys) + max(ys)) / 2))
    span_x = (max(xs) - min(xs)) * k or 1e-9
    span_y = (max(ys) - min(ys)) or 1e-9
    scale = (width - 4) / span_x
    height = round(span_y * scale) + 4
    paths = []
    for s in shapes:
        parts = []
        for ring in _rings(s.geometry):
            last: tuple[float, float] | None = None
            seg = []
            for lon, lat, *_ in ring:
                x = round(2 + (lon - min(xs)) * k * scale, 1)
                y = round(2 + (max(ys) - lat) * scale, 1)
                if last and abs(x - last[0]) < 0.5 and abs(y - last[1]) < 0.5:
                    continue
                seg.append(f"{x:g},{y:g}")
                last = (x, y)
            if len(seg) >= 3:
                parts.append("M" + "L".join(seg) + "Z")
        if parts:
            paths.append(
                {
                    "d": "".join(parts),
                    "fill": s.fill,
                    "href": s.href,
                    "label": s.label,
                    "kode": s.kode,
                }
            )
    return {"width": width, "height": height, "paths": paths}


def pair_colour(pair: int | None) -> str:
    if pair is None:
        return PALETTE[0]
    return PALETTE[1 + (pair - 1) % (len(PALETTE) - 1)] if pair > 0 else "#555555"


def turnout_colour(pct: float | None) -> str:
    """A light-to-dark blue ramp from 50 % to 90 % turnout; grey without data."""
    if pct is None:
        return PALETTE[0]
    t = min(1.0, max(0.0, (pct - 50) / 40))
    r, g, b = (round(a + (c - a) * t) for a, c in ((222, 8), (235, 69), (247, 148)))
    return f"#{r:02x}{g:02x}{b:02x}"
