"""The movements between countries as a Sankey diagram: for the workbench in ECharts' shape
(drawn by the page), for reports as SVG drawn here.

Vega-Lite, which draws every other chart (`charts.specs`), has no Sankey mark; ECharts
draws it in the browser, and a report, which must run nothing, gets the same picture as
plain SVG paths.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from headcount.charts.specs import WIDTH

SANKEY_LINKS = 60
"""The workbench draws the largest links only: past this many it is unreadable."""
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def echarts_sankey(flows: dict[str, Any]) -> dict[str, Any]:
    """Accounting's Sankey steps in ECharts' shape: nodes named `step:country`, links by
    persons, the largest `SANKEY_LINKS` of them."""
    links = sorted(flows["links"], key=lambda link: -link["persons"])[:SANKEY_LINKS]
    used = {name for link in links for name in (link["source"], link["target"])}
    return {
        "nodes": [{"name": n["id"]} for n in flows["nodes"] if n["id"] in used],
        "links": [
            {"source": link["source"], "target": link["target"], "value": link["persons"]}
            for link in links
        ],
    }


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def sankey_svg(steps: list[tuple[int, str, int, str, int]], title: str, width: int = WIDTH) -> str:
    """Movements by step: a column per step, a node per country, links as wide curves."""
    if not steps:
        return _svg(width, 40, ['<text x="10" y="24">no movements in the period</text>'], title)
        return _svg(width, 40, ['<text x="10" y="24">no movements in the period</text>'], title)
    outflow: dict[tuple[int, str], int] = defaultdict(int)
    inflow: dict[tuple[int, str], int] = defaultdict(int)
    for a, ca, b, cb, n in steps:
        outflow[(a, ca)] += n
        inflow[(b, cb)] += n
    size = {k: max(outflow.get(k, 0), inflow.get(k, 0)) for k in {*outflow, *inflow}}
    columns = sorted({s for s, _ in size})
    per_column = {
        s: sorted((c for t, c in size if t == s), key=lambda c: -size[(s, c)]) for s in columns
    }
    height, gap = 320, 8
    biggest = max(sum(size[(s, c)] for c in cs) for s, cs in per_column.items())
    tallest = max(len(cs) for cs in per_column.values())
    scale = (height - 20 - gap * tallest) / max(1, biggest)
    step_x = (width - 120) / max(1, len(columns) - 1)
    place: dict[tuple[int, str], list[float]] = {}
    body = []
    for i, s in enumerate(columns):
        y = 10.0
        for c in per_column[s]:
            h = max(2.0, size[(s, c)] * scale)
            x = 40 + i * step_x
            place[(s, c)] = [x, y, h, y, y]  # x, top, height, next out, next in
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="{h:.1f}" fill="#555">'
                f"<title>{escape(c)}: {size[(s, c)]:,}</title></rect>"
            )
            body.append(f'<text x="{x + 14:.1f}" y="{y + h / 2 + 4:.1f}">{escape(c)}</text>')
            y += h + gap
    for a, ca, b, cb, n in sorted(steps, key=lambda t: -t[4]):
        src, dst = place[(a, ca)], place[(b, cb)]
        w = max(1.0, n * scale)
        y1, y2 = src[3] + w / 2, dst[4] + w / 2
        src[3] += w
        dst[4] += w
        x1, x2 = src[0] + 10, dst[0]
        mid = (x1 + x2) / 2
        body.append(
            f'<path d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" '
            f'fill="none" stroke="#0072B2" stroke-opacity="0.35" stroke-width="{w:.1f}">'
            f"<title>{escape(ca)} → {escape(cb)}: {n:,} persons</title></path>"
        )
    return _svg(width, height, body, title)
