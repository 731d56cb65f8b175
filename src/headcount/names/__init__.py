"""Names: scripts, transliteration, equivalences, parsing (kunya, nisba, nasab), comparison.

The rules, tables, scores and thresholds are described in docs/methodology/names.md, whose
version is `METHOD_VERSION`: a change that can move a score bumps it.

The names below are loaded on first use, so that `headcount.names.scripts` (which ingest
needs) does not pay for the comparison machinery.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

METHOD_VERSION = "1.5"

_WHERE = {
    "SCREENING_THRESHOLD": "compare",
    "STRONG_THRESHOLD": "compare",
    "NameComparison": "compare",
    "compare_names": "compare",
    "name_features": "features",
    "ParsedName": "parts",
    "parse_name": "parse",
    "parse_names": "parse",
    "latin_parts": "transliterate",
    "to_latin": "transliterate",
}

if TYPE_CHECKING:
    from headcount.names.compare import (
        SCREENING_THRESHOLD,
        STRONG_THRESHOLD,
        NameComparison,
        compare_names,
    )
    from headcount.names.features import name_features
    from headcount.names.parse import parse_name, parse_names
    from headcount.names.parts import ParsedName
    from headcount.names.transliterate import latin_parts, to_latin


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"headcount.names.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'headcount.names' has no attribute {name!r}")


__all__ = [
    "METHOD_VERSION",
    "SCREENING_THRESHOLD",
    "STRONG_THRESHOLD",
    "NameComparison",
    "ParsedName",
    "compare_names",
    "latin_parts",
    "name_features",
    "parse_name",
    "parse_names",
    "to_latin",
]
