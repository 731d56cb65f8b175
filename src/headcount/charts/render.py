"""Vega-Lite specifications rendered to SVG offline, for reports (HTML and PDF).

`vl-convert` bundles Vega and Vega-Lite with their JavaScript engine, so nothing is fetched
and no browser runs; the SVG it writes is the picture the workbench draws from the same
specification.
"""

from __future__ import annotations

import re
import threading

from headcount.charts.specs import Spec

_LOCK = threading.Lock()
"""vl-convert keeps one JavaScript engine per process: one conversion at a time."""


def to_svg(spec: Spec) -> str:
    """The chart as an SVG element (no XML declaration), ready to inline in HTML."""
    import vl_convert

    with _LOCK:
        svg = str(vl_convert.vegalite_to_svg(spec))
    # the xlink namespace is declared but never used: drop it, so a report names no URL
    # but SVG's own namespace
    return re.sub(r'\s+xmlns:xlink="[^"]*"', "", svg, count=1)
