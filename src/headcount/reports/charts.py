"""Charts for the country report as inline SVG: nothing to download, nothing to run.

Three pictures: the status counts as bars with their intervals and the published range
beside them; the status mix over time as stacked bars; the movements as a Sankey diagram.
Colours are the Okabe–Ito palette (readable with colour-blindness); every mark has a
`<title>` so that hovering shows its number.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

COLOURS: dict[str, str] = {
    "en_route": "#E69F00",
    "in_theatre": "#D55E00",
    "killed_confirmed": "#000000",
    "killed_reported": "#777777",
    "detained": "#0072B2",
    "returned": "#009E73",
    "relocated": "#CC79A7",
    "contested": "#F0E442",
    "unknown": "#BBBBBB",
    "departed": "#4477AA",
    "killed": "#333333",
}
STACKED = tuple(COLOURS)[:9]
"""The statuses, in the order bars stack them."""
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Bar:
    """One bar: a count, its interval, and the published range beside it (if any)."""

    label: str
    value: int
    low: int
    high: int
    published_low: float | None = None
    published_high: float | None = None


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def status_bars(bars: list[Bar], title: str, width: int = 640) -> str:
    """Horizontal bars with interval whiskers; the published range as a hollow band."""
    left, right, row = 130, 60, 26
    height = row * len(bars) + 40
    top = max(
        [1.0]
        + [float(b.high) for b in bars]
        + [b.published_high or b.published_low or 0 for b in bars]
    )
    scale = (width - left - right) / top

    def x(v: float) -> float:
        return left + v * scale

    body = []
    for i, b in enumerate(bars):
        y = 20 + i * row
        colour = COLOURS.get(b.label, "#4477AA")
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(b.label)}</text>')
        body.append(
            f'<rect x="{left}" y="{y + 4}" width="{b.value * scale:.1f}" height="14" '
            f'fill="{colour}"><title>{escape(b.label)}: {b.value:,} in records '
            f"({b.low:,}–{b.high:,})</title></rect>"
        )
        if b.low != b.high:
            body.append(
                f'<line x1="{x(b.low):.1f}" x2="{x(b.high):.1f}" y1="{y + 11}" '
                f'y2="{y + 11}" stroke="#333" stroke-width="2"/>'
            )
        if b.published_low is not None or b.published_high is not None:
            lo = b.published_low if b.published_low is not None else 0.0
            hi = b.published_high if b.published_high is not None else top
            body.append(
                f'<rect x="{x(lo):.1f}" y="{y + 1}" width="{max(2.0, (hi - lo) * scale):.1f}" '
                f'height="20" fill="none" stroke="#0072B2" stroke-width="2" '
                f'stroke-dasharray="4 2"><title>published {lo:,.0f}–{hi:,.0f}</title></rect>'
            )
        body.append(f'<text x="{x(max(b.value, b.high)) + 4:.1f}" y="{y + 15}">{b.value:,}</text>')
    legend_y = height - 8
    body.append(
        f'<text x="{left}" y="{legend_y}" fill="#555">bar: records; black line: '
        "interval; dashed box: published range</text>"
    )
    return _svg(width, height, body, title)


def stacked_over_time(
    dates: list[str], mix: list[dict[str, int]], title: str, width: int = 640
) -> str:
    """One stacked bar per date: the persons in each status."""
    height, bottom, left = 260, 40, 50
    top = max([1] + [sum(m.values()) for m in mix])
    slot = (width - left - 130) / max(1, len(dates))
    scale = (height - bottom - 20) / top
    body = [f'<text x="{left - 6}" y="24" text-anchor="end">{top:,}</text>']
    for i, (when, counts) in enumerate(zip(dates, mix, strict=True)):
        x = left + i * slot + slot * 0.15
        y: float = height - bottom
        for status in STACKED:
            colour = COLOURS[status]
            n = counts.get(status, 0)
            if n == 0:
                continue
            h = n * scale
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{when} {status}: {n:,}</title></rect>'
            )
        body.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{height - bottom + 16}" '
            f'text-anchor="middle">{escape(when)}</text>'
        )
    for j, status in enumerate(STACKED):
        ly = 20 + j * 18
        body.append(
            f'<rect x="{width - 120}" y="{ly}" width="12" height="12" fill="{COLOURS[status]}"/>'
        )
        body.append(f'<text x="{width - 104}" y="{ly + 11}">{status}</text>')
    return _svg(width, height, body, title)


def sankey(steps: list[tuple[int, str, int, str, int]], title: str, width: int = 640) -> str:
    """Movements by step: a column per step, a node per country, links as wide curves."""
    if not steps:
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
