"""The Vega-Lite specifications of every chart headcount draws, bar the Sankey diagram
(`charts.sankey`: Vega-Lite has no Sankey mark).

Colours are the Okabe–Ito palette, readable with colour-blindness, the same on every page
and report; every mark has a tooltip with its number.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

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
WIDTH = 560
"""Width of a chart rendered outside a page (a report); pages fit their container."""

Spec = dict[str, Any]


@dataclass(frozen=True)
class Bar:
    """One bar: a count, its interval, and the published range beside it (if any)."""

    label: str
    value: int
    low: int
    high: int
    published_low: float | None = None
    published_high: float | None = None


def _colour(field: str, domain: list[str]) -> dict[str, Any]:
    return {
        "field": field,
        "type": "nominal",
        "scale": {"domain": domain, "range": [COLOURS.get(d, "#4477AA") for d in domain]},
    }


def status_bars(bars: list[Bar], title: str, width: int | str = WIDTH) -> Spec:
    """Horizontal bars with their interval as a black rule and the published range as a
    dashed box."""
    values = [asdict(b) for b in bars]
    labels = [b.label for b in bars]
    y = {"field": "label", "type": "nominal", "title": None, "sort": labels}
    published = [
        v for v in values if v["published_low"] is not None or v["published_high"] is not None
    ]
    for v in published:
        v["published_low"] = v["published_low"] or 0
        v["published_high"] = (
            v["published_high"] if v["published_high"] is not None else v["published_low"]
        )
    tooltip = [
        {"field": "label", "title": "status"},
        {"field": "value", "format": ","},
        {"field": "low", "format": ","},
        {"field": "high", "format": ","},
    ]
    layers: list[Spec] = [
        {
            "mark": {"type": "bar", "height": 14},
            "encoding": {
                "x": {"field": "value", "type": "quantitative", "title": "persons"},
                "color": _colour("label", labels) | {"legend": None},
                "tooltip": tooltip,
            },
        },
        {
            "mark": {"type": "rule", "strokeWidth": 2, "color": "#333"},
            "encoding": {"x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}},
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4},
            "encoding": {
                "x": {"field": "high", "type": "quantitative"},
                "text": {"field": "value", "format": ","},
            },
        },
    ]
    if published:
        layers.append(
            {
                "data": {"values": published},
                "mark": {
                    "type": "bar",
                    "height": 20,
                    "fill": None,
                    "stroke": "#0072B2",
                    "strokeWidth": 2,
                    "strokeDash": [4, 2],
                },
                "encoding": {
                    "x": {"field": "published_low", "type": "quantitative"},
                    "x2": {"field": "published_high"},
                    "tooltip": [
                        {"field": "published_low", "title": "published from", "format": ",.0f"},
                        {"field": "published_high", "title": "published to", "format": ",.0f"},
                    ],
                },
            }
        )
    return {
        "title": {
            "text": title,
            "subtitle": "bar: records; black line: interval; dashed box: published range",
        },
        "width": width,
        "data": {"values": values},
        "encoding": {"y": y},
        "layer": layers,
    }


def stacked_over_time(
    dates: list[str], mix: list[dict[str, int]], title: str, width: int | str = WIDTH
) -> Spec:
    """One stacked bar per date: the persons in each status."""
    values = [
        {
            "date": when,
            "status": status,
            "persons": counts.get(status, 0),
            "order": STACKED.index(status),
        }
        for when, counts in zip(dates, mix, strict=True)
        for status in STACKED
        if counts.get(status, 0)
    ]
    return {
        "title": title,
        "width": width,
        "height": 220,
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "x": {
                "field": "date",
                "type": "ordinal",
                "title": None,
                "sort": dates,
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "persons", "type": "quantitative", "stack": "zero"},
            "color": _colour("status", list(STACKED)),
            "order": {"field": "order"},
            "tooltip": [
                {"field": "date"},
                {"field": "status"},
                {"field": "persons", "format": ","},
            ],
        },
    }


def timeline(events: list[dict[str, Any]]) -> Spec:
    """A person's events on a time line: one row per kind, a dot at the earliest date and a
    bar to the latest (a month, a year, a range), coloured by source."""
    values = [
        {
            "kind": e["kind"],
            "from": e["earliest"],
            "to": e["latest"],
            "source": e["source"],
            "date": e["date"],
            "place": e["country"] or "",
            "credibility": e["credibility"],
            "record": e["record"],
        }
        for e in events
        if e["earliest"]
    ]
    tooltip = [{"field": f} for f in ("kind", "date", "place", "source", "record", "credibility")]
    return {
        "width": "container",
        "height": {"step": 26},
        "data": {"values": values},
        "encoding": {
            "y": {"field": "kind", "type": "nominal", "title": None, "sort": None},
            "color": {"field": "source", "type": "nominal", "legend": {"orient": "bottom"}},
            "tooltip": tooltip,
        },
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 6, "opacity": 0.35},
                "encoding": {
                    # dates a reader can place: years, with months when the span is short
                    "x": {
                        "field": "from",
                        "type": "temporal",
                        "title": None,
                        "axis": {"format": "%b %Y", "labelOverlap": True, "tickCount": 6},
                        "scale": {"padding": 12},
                    },
                    "x2": {"field": "to"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70},
                "encoding": {"x": {"field": "from", "type": "temporal"}},
            },
        ],
    }


def world_map(values: list[dict[str, Any]], metric: str) -> Spec:
    """Countries coloured by a metric (ISO 3166 numeric ids join the Natural Earth 110m
    geometry, which the page loads from /static)."""
    return {
        "width": "container",
        "height": 360,
        "projection": {"type": "equalEarth"},
        "layer": [
            {"mark": {"type": "geoshape", "fill": "#eceff3", "stroke": "#fff", "strokeWidth": 0.5}},
            {
                "transform": [
                    {
                        "lookup": "id",
                        "from": {
                            "data": {"values": values},
                            "key": "numeric",
                            "fields": ["value", "country", "name"],
                        },
                    },
                    {"filter": "datum.value != null"},
                ],
                "mark": {"type": "geoshape", "stroke": "#fff", "strokeWidth": 0.5},
                "encoding": {
                    "color": {
                        "field": "value",
                        "type": "quantitative",
                        "title": metric,
                        "scale": {"scheme": "oranges"},
                    },
                    "tooltip": [
                        {"field": "name", "title": "country"},
                        {"field": "value", "title": metric, "format": ","},
                    ],
                },
            },
        ],
    }
