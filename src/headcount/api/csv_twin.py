"""CSV twins: a table of the API as a CSV download, from the same rows as its JSON twin
(the view result's `flat()`, or the JSON's rows flattened by `flat_row`), as Datasette
offers every table both ways."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi.responses import Response


def flat_row(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One CSV row of one JSON object, with the JSON's names: a nested object's fields as
    `outer_inner` columns, a list of plain values as `a; b`, any other list as its JSON."""
    row: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping):
            row.update(flat_row(item, f"{name}_"))
        elif isinstance(item, list | tuple):
            plain = all(not isinstance(i, Mapping | list | tuple) for i in item)
            row[name] = (
                "; ".join("" if i is None else str(i) for i in item)
                if plain
                else json.dumps(item, ensure_ascii=False, default=str)
            )
        else:
            row[name] = item
    return row


def csv_response(
    rows: Iterable[dict[str, Any]], filename: str, columns: Sequence[str] | None = None
) -> Response:
    """The rows as a CSV attachment; the columns are `columns`, else every row's keys in
    the order first seen (a table without rows is an empty file)."""
    rows = list(rows)
    fields = list(columns or dict.fromkeys(key for row in rows for key in row))
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
