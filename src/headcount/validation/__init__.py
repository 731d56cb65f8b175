"""headcount's own honesty test: simulate, ingest, link, count and estimate on populations
whose truth is known, and say how often the intervals hold it (`headcount validate`).

>>> from headcount.validation import validate  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.lazy import exports

_WHERE = {
    "Validation": "run",
    "SeedResult": "run",
    "validate": "run",
    "validate_seed": "run",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from headcount.validation.run import (
        SeedResult as SeedResult,
        Validation as Validation,
        validate as validate,
        validate_seed as validate_seed,
    )
