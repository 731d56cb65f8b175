"""The limits every reader keeps, so that no file can take the machine down.

A hostile or broken file (an xlsx zip bomb, a billion-laughs entity, a header of a million
columns, a JSON value nested a hundred thousand deep, a line of ten gigabytes) is refused
with a clear error before it costs more than these bounds. Each limit is far above what
any real list holds; a real file over one is better read another way (split, or JSON
Lines instead of one JSON document), and the error says so.
"""

from __future__ import annotations

MAX_FIELD = 1_000_000
"""The longest cell accepted, in characters: no name, date or note is longer."""

MAX_LINE_BYTES = 64 * MAX_FIELD
"""The longest physical line read from a CSV or JSON Lines file, in bytes."""

MAX_COLUMNS = 5_000
"""Columns of a header, keys of a JSON object (Excel itself stops at 16,384)."""

MAX_ROWS = 50_000_000
"""Rows of one file (Excel stops at 1,048,576 rows per sheet)."""

MAX_DEPTH = 32
"""Nesting of a JSON value: a record is an object of lists of objects, three or four deep."""

MAX_JSON_DOCUMENT_BYTES = 512 << 20
"""A JSON document is read whole; past this size, write it as JSON Lines (streamed)."""

MAX_XLSX_UNCOMPRESSED = 2 << 30
"""All members of an Excel workbook (a zip of XML files), uncompressed."""

MAX_XLSX_SHARED_STRINGS = 512 << 20
"""The workbook's table of strings, which the Excel reader holds in memory."""

MAX_XLSX_RATIO = 200
"""Uncompressed to compressed size of a member: XML compresses 5 to 30 times; a zip bomb
over a thousand times. Checked for members over `XLSX_RATIO_FLOOR` bytes uncompressed."""

XLSX_RATIO_FLOOR = 10 << 20

MAX_XLSX_MEMBERS = 10_000
"""Files inside a workbook (a workbook of many sheets has a few hundred)."""

MAX_KEY = 200
"""The longest record id (the store's column holds 200 characters)."""

MAX_SOURCE_NAME = 200
"""The longest source name (the store's column holds 200 characters)."""

MAX_USER_NAME = 100
"""The longest user name the store keeps in an ingest or audit entry."""

MAX_LISTED = 100
"""Value faults and notes kept in a report in full; the rest are counted (and written to
the rejects file, when one is asked for)."""
