"""Export what the store holds: records, persons, or FollowTheMoney entities.

- `records`: each record with its source, statements and events (JSON Lines nests them;
  CSV gives one row per record, several values of a property joined by "; ").
- `persons`: `source,record_id,person_id` for every record of the latest linkage run.
- `ftm`: FollowTheMoney `Person` entities (JSON Lines), one per person — or per record
  while nothing is linked — so Aleph and OpenSanctions tools can read what headcount holds.

CSV cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
tab or a carriage return) are written with a leading `'`, so an exported name such as
`=HYPERLINK(…)` stays text; JSON is written as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.lazy import exports

_WHERE = {
    "ExportFormat": "formats",
    "ExportKind": "formats",
    "export": "writers",
    "safe_cell": "writers",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from headcount.export.formats import ExportFormat as ExportFormat, ExportKind as ExportKind
    from headcount.export.writers import export as export, safe_cell as safe_cell
