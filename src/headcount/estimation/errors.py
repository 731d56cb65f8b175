"""Why an estimate was not given: bad input, or data that cannot support an estimate.

Two different failures, two exceptions. `TableError` is a malformed input (a file, row and
column to fix). `EstimationRefused` is well-formed data from which no honest number can be
computed (fewer than three lists, a list that recorded no one, no overlaps, a model whose
estimate does not exist or is not identifiable); it carries every reason found, so that the
analyst sees all of them at once instead of fixing one and meeting the next.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """One reason for refusing an estimate: a stable code and a sentence for people."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The reason as JSON-ready data."""
        return {"code": self.code, "message": self.message}


class TableError(ValueError):
    """A capture table or history file that cannot be read as one (names the place to fix)."""


class EstimationRefused(Exception):
    """The data cannot support an estimate; `reasons` says why, in full."""

    def __init__(self, reasons: list[Reason]) -> None:
        self.reasons = list(reasons)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """All reasons, one per line, ready to print."""
        lines = [f"no estimate: {r.message}" for r in self.reasons]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """The refusal as JSON-ready data (`kind` is "refusal", never "estimate")."""
        return {"kind": "refusal", "reasons": [r.to_dict() for r in self.reasons]}
