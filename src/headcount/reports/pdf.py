"""A country's report as PDF: the HTML report (inline SVG charts, no network) typeset by
WeasyPrint, which shapes Arabic and Cyrillic through Pango as the browser does.

WeasyPrint is given a URL fetcher that refuses everything but `data:` URLs, so a report
can never reach the network, whatever text the records put in it. Where the system lacks
HarfBuzz's subsetting library, WeasyPrint embeds whole fonts and says so with a
DeprecationWarning; the PDF is the same apart from its size, so that warning is muted here.
"""

from __future__ import annotations

import warnings
from typing import Any

from headcount.reports.country import CountryReport, render_report


class Offline(OSError):
    """A report asked for something outside itself."""


def _no_network(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return dict(default_url_fetcher(url, *args, **kwargs))
    raise Offline(f"a report fetches nothing: refused {url[:80]}")


def report_pdf(report: CountryReport) -> bytes:
    """The report, typeset as PDF (A4)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        from weasyprint import HTML

    html = render_report(report, "html")
    document = HTML(string=html, url_fetcher=_no_network, base_url=None)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        return bytes(document.write_pdf())
