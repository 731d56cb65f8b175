"""CSV twins: a table of the API as a CSV download, from the same rows as its JSON twin
(the view result's `flat()`), as Datasette offers every table both ways."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.responses import Response


def csv_response(
    rows: Iterable[dict[str, Any]], filename: str, columns: Sequence[str] | None = None
) -> Response:
    """The rows as a CSV attachment; the columns are `columns`, else the first row's keys
    (a table without rows is an empty file)."""
    rows = list(rows)
    fields = list(columns or (rows[0] if rows else []))
    out = io.StringIO()
    if fields:
        writer = csv.DictWriter(out, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
