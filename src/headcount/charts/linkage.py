"""Splink's charts of a linkage run, in Vega-Lite: the match-weight histogram with the
threshold, each comparison level's match weight, and precision and recall against the
judged pairs over the threshold. Pages fit them to their container; reports give a width
in pixels (`specs.WIDTH`), as a chart rendered offline has no container."""

from __future__ import annotations

import math
from typing import Any


def weight_histogram(
    bins: list[dict[str, Any]], threshold: float, width: int | str = "container"
) -> dict[str, Any]:
    """Splink's match-weight histogram: pairs per bin of match weight, with a rule at the
    weight the run's threshold probability corresponds to."""
    at = math.log2(threshold / (1 - threshold)) if 0 < threshold < 1 else 0.0
    return {
        "width": width,
        "height": 220,
        "layer": [
            {
                "data": {"values": bins},
                "mark": {"type": "bar", "color": "#0072B2"},
                "encoding": {
                    "x": {
                        "field": "low",
                        "bin": {"binned": True},
                        "type": "quantitative",
                        "title": "match weight (bits)",
                    },
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
    }


def parameters(rows: list[dict[str, Any]], width: int | str = "container") -> dict[str, Any]:
    """Splink's parameter chart: each comparison level's match weight log2(m/u), one row per
    level, grouped by comparison; positive weights (evidence for a match) in blue."""
    values = [r for r in rows if r["match_weight"] is not None]
    return {
        "width": width,
        "height": {"step": 14},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "y": {"field": "level", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "match_weight",
                "type": "quantitative",
                "title": "match weight log2(m/u)",
            },
            "row": {
                "field": "comparison",
                "type": "nominal",
                "sort": None,
                "title": None,
                "header": {"labelAngle": 0, "labelAlign": "left"},
            },
            "color": {
                "condition": {"test": "datum.match_weight > 0", "value": "#0072B2"},
                "value": "#D55E00",
            },
            "tooltip": [
                {"field": "comparison"},
                {"field": "level"},
                {"field": "m"},
                {"field": "u"},
                {"field": "match_weight"},
            ],
        },
        "resolve": {"scale": {"y": "independent"}},
    }


def precision_recall(
    curve: list[dict[str, Any]], threshold: float, width: int | str = "container"
) -> dict[str, Any]:
    """Precision and recall against the judged pairs over the threshold, with the run's."""
    values = [
        {"threshold": p["threshold"], "measure": measure, "value": p[measure]}
        for p in curve
        for measure in ("precision", "recall")
        if p[measure] is not None
    ]
    return {
        "width": width,
        "height": 220,
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {
                        "field": "threshold",
                        "type": "quantitative",
                        "title": "threshold (match probability)",
                    },
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "scale": {"domain": [0, 1]},
                        "title": None,
                    },
                    "color": {
                        "field": "measure",
                        "type": "nominal",
                        "legend": {"orient": "bottom"},
                    },
                    "tooltip": [{"field": "threshold"}, {"field": "measure"}, {"field": "value"}],
                },
            },
            {
                "data": {"values": [{"at": threshold}]},
                "mark": {"type": "rule", "color": "#777777", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "at", "type": "quantitative"}},
            },
        ],
    }
