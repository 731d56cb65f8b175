"""Chart specifications (Vega-Lite, and ECharts' Sankey) for the pages: presentation only — the numbers come
from the view functions; this decides marks, axes and colours."""

from __future__ import annotations

import math
from typing import Any

STATUS_COLOURS = {
    "en_route": "#E69F00",
    "in_theatre": "#D55E00",
    "killed_confirmed": "#000000",
    "killed_reported": "#777777",
    "detained": "#0072B2",
    "returned": "#009E73",
    "relocated": "#CC79A7",
    "contested": "#F0E442",
    "unknown": "#BBBBBB",
}
"""Okabe–Ito colours, readable with colour-blindness (the same as the country reports)."""


def timeline(events: list[dict[str, Any]]) -> dict[str, Any]:
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


def world_map(values: list[dict[str, Any]], metric: str) -> dict[str, Any]:
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


SANKEY_LINKS = 60
"""The Sankey draws the largest links only: past this many it is unreadable."""


def sankey(flows: dict[str, Any]) -> dict[str, Any]:
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


def weight_histogram(bins: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """Splink's match-weight histogram: pairs per bin of match weight, with a rule at the
    weight the run's threshold probability corresponds to."""
    at = math.log2(threshold / (1 - threshold)) if 0 < threshold < 1 else 0.0
    return {
        "width": "container",
        "height": 220,
        "layer": [
            {
                "data": {"values": bins},
                "mark": {"type": "bar", "color": "#0072B2"},
                "encoding": {
                    "x": {"field": "low", "bin": {"binned": True}, "type": "quantitative",
                          "title": "match weight (bits)"},
                    "x2": {"field": "high"},
                    "y": {"field": "pairs", "type": "quantitative", "title": "pairs"},
                    "tooltip": [{"field": "low"}, {"field": "high"}, {"field": "pairs"}],
                },
            },
            {
                "data": {"values": [{"at": at}]},
                "mark": {"type": "rule", "color": "#D55E00", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "at", "type": "quantitative"}},
            },
        ],
    }  # fmt: skip


def parameters(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Splink's parameter chart: each comparison level's match weight log2(m/u), one row per
    level, grouped by comparison; positive weights (evidence for a match) in blue."""
    values = [r for r in rows if r["match_weight"] is not None]
    return {
        "width": "container",
        "height": {"step": 14},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "y": {"field": "level", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "match_weight", "type": "quantitative", "title": "match weight log2(m/u)"},
            "row": {"field": "comparison", "type": "nominal", "sort": None, "title": None,
                    "header": {"labelAngle": 0, "labelAlign": "left"}},
            "color": {"condition": {"test": "datum.match_weight > 0", "value": "#0072B2"},
                      "value": "#D55E00"},
            "tooltip": [{"field": "comparison"}, {"field": "level"}, {"field": "m"},
                        {"field": "u"}, {"field": "match_weight"}],
        },
        "resolve": {"scale": {"y": "independent"}},
    }  # fmt: skip


def precision_recall(curve: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """Precision and recall against the judged pairs over the threshold, with the run's."""
    values = [
        {"threshold": p["threshold"], "measure": measure, "value": p[measure]}
        for p in curve
        for measure in ("precision", "recall")
        if p[measure] is not None
    ]
    return {
        "width": "container",
        "height": 220,
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {"field": "threshold", "type": "quantitative", "title": "threshold (match probability)"},
                    "y": {"field": "value", "type": "quantitative", "scale": {"domain": [0, 1]}, "title": None},
                    "color": {"field": "measure", "type": "nominal", "legend": {"orient": "bottom"}},
                    "tooltip": [{"field": "threshold"}, {"field": "measure"}, {"field": "value"}],
                },
            },
            {
                "data": {"values": [{"at": threshold}]},
                "mark": {"type": "rule", "color": "#777777", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "at", "type": "quantitative"}},
            },
        ],
    }  # fmt: skip
