"""The rules that turn a person's events into a status on a date, as parameters.

Every rule of DESIGN.md ("Status as of a date") is a field of `Rules` with a documented
default; docs/methodology/accounting.md explains each with examples. Changing a default is
a change of method: bump `RULES_VERSION` and say why in the methodology page.

A *reading* is a choice of which evidence counts. Counts are made under two readings and
their spread is part of each interval: `reported` (every event the rules admit) and
`confirmed` (only events graded at least `confirmed_credibility` from sources at least
`confirmed_reliability`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from headcount.model.vocabulary import CREDIBILITY_GRADES, RELIABILITY_GRADES, Metric, Status

RULES_VERSION = "1.3"
"""The version of the status rules; docs/methodology/accounting.md has one section per version."""

STATUS_ORDER: tuple[Status, ...] = (
    Status.en_route,
    Status.in_theatre,
    Status.killed_confirmed,
    Status.killed_reported,
    Status.detained,
    Status.returned,
    Status.relocated,
    Status.contested,
    Status.unknown,
)
"""Every status a person can have on a date, in the order tables show them; they sum to
`departed`."""


class Reading(StrEnum):
    """Which evidence counts: everything the rules admit, or only the confirmed."""

    reported = "reported"
    confirmed = "confirmed"


@dataclass(frozen=True)
class Rules:
    """The parameters of the status rules (see the module docstring and the methodology)."""

    staleness_days: int = 365
    """Someone whose last news puts them in the theatre more than this many days before
    the date is `unknown`: no credible event followed within the window."""
    en_route_days: int = 60
    """Someone only known to have left, for longer than this, is `unknown`, not `en_route`."""
    min_credibility: int = 6
    """The worst information credibility (1 confirmed … 6 cannot be judged) an event may
    have and still count. The default counts every event; the `confirmed` reading shows
    what rests on weak ones."""
    min_reliability: str = "F"
    """The worst source reliability (A … F) whose events count."""
    confirmed_credibility: int = 2
    """A death report graded this or better makes `killed_confirmed`, else `killed_reported`;
    also the grade the `confirmed` reading asks of every event."""
    confirmed_reliability: str = "B"
    """The source reliability the `confirmed` reading asks of every event."""
    contest_credibility: int = 6
    """How credible an event after a death report must be to make the person `contested`."""
    theatre: tuple[str, ...] = ("SYR", "IRQ")
    """Countries where a sighting means the person is `in_theatre`."""

    def __post_init__(self) -> None:
        for name in ("min_credibility", "confirmed_credibility", "contest_credibility"):
            if getattr(self, name) not in CREDIBILITY_GRADES:
                raise ValueError(f"{name} must be a credibility grade 1–6")
        for name in ("min_reliability", "confirmed_reliability"):
            if getattr(self, name) not in RELIABILITY_GRADES:
                raise ValueError(f"{name} must be a reliability grade A–F")
        if self.staleness_days < 0 or self.en_route_days < 0:
            raise ValueError("staleness_days and en_route_days cannot be negative")

    def for_reading(self, reading: Reading) -> Rules:
        """The rules of one reading: `confirmed` tightens the grades an event needs."""
        if reading is Reading.reported:
            return self
        return replace(
            self,
            min_credibility=min(self.min_credibility, self.confirmed_credibility),
            min_reliability=min(self.min_reliability, self.confirmed_reliability),
        )

    def as_dict(self) -> dict[str, Any]:
        """The rules as JSON-ready data, with their version."""
        return {"version": RULES_VERSION, **asdict(self), "theatre": list(self.theatre)}


def definitions(rules: Rules) -> dict[str, str]:
    """What each count counts, in words, with the rules' parameters filled in."""
    theatre = " or ".join(rules.theatre)
    return {
        "departed": "persons some record known by then shows had left by the date",
        Status.en_route: f"last news: left, less than {rules.en_route_days} days before",
        Status.in_theatre: f"last news places them in {theatre}, within "
        f"{rules.staleness_days} days of the date",
        Status.killed_confirmed: f"a death report graded {rules.confirmed_credibility} or "
        "better, no later sighting",
        Status.killed_reported: "death reported, no report graded "
        f"{rules.confirmed_credibility} or better, no later sighting",
        Status.detained: "last news: detained",
        Status.returned: "last news: returned to their country",
        Status.relocated: "last news: gone to a third country or another front",
        Status.contested: "a death report followed by a later sighting (shown, not resolved)",
        Status.unknown: f"no news of where they are: in theatre more than {rules.staleness_days}"
        f" days before, left more than {rules.en_route_days} days before with no news, "
        "or no event placing them",
        Metric.killed: "killed_confirmed + killed_reported; interval from confirmed only "
        "to all reported (contested included)",
    }


def reliability_rank(grade: str) -> int:
    """A reliability grade as a number, 0 for A … 5 for F (for comparisons in arrays)."""
    return RELIABILITY_GRADES.index(grade)
