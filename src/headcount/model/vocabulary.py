"""The words headcount uses for things, one per concept (DESIGN.md, "Names of things").

Every module, the CLI, the API, the pages and the docs take these spellings from here, so
that a property, an event kind or a status has the same name everywhere.
"""

from __future__ import annotations

from enum import StrEnum


class Property(StrEnum):
    """What a statement says about a record's subject."""

    full_name = "full_name"
    given_name = "given_name"
    family_name = "family_name"
    patronymic = "patronymic"
    kunya = "kunya"
    nisba = "nisba"
    alias = "alias"
    weak_alias = "weak_alias"
    birth_date = "birth_date"
    birth_place = "birth_place"
    citizenship = "citizenship"
    gender = "gender"
    id_number = "id_number"
    residence = "residence"
    address = "address"
    postcode = "postcode"
    phone = "phone"


NAME_PROPERTIES: frozenset[Property] = frozenset(
    {
        Property.full_name,
        Property.given_name,
        Property.family_name,
        Property.patronymic,
        Property.kunya,
        Property.nisba,
        Property.alias,
        Property.weak_alias,
    }
)
"""Properties whose values are names: kept in their original script, script detected."""

COUNTRY_PROPERTIES: frozenset[Property] = frozenset({Property.citizenship, Property.residence})
"""Properties whose values are resolved to ISO 3166 alpha-3 (the original is kept)."""


class EventKind(StrEnum):
    """A dated claim about what happened to a record's subject."""

    departed = "departed"
    entered_theatre = "entered_theatre"
    sighted = "sighted"
    killed = "killed"
    detained = "detained"
    released = "released"
    returned = "returned"
    relocated = "relocated"
    prosecuted = "prosecuted"


EVENT_FIELDS: tuple[str, ...] = ("date", "place", "reported_on", "credibility", "note")
"""The fields of an event a source column can fill (`<kind>_<field>`, e.g. `killed_date`)."""


class Status(StrEnum):
    """A person's status on a date, derived from their events (never stored by hand)."""

    en_route = "en_route"
    in_theatre = "in_theatre"
    killed_confirmed = "killed_confirmed"
    killed_reported = "killed_reported"
    detained = "detained"
    returned = "returned"
    relocated = "relocated"
    unknown = "unknown"
    contested = "contested"


class SourceKind(StrEnum):
    """What kind of list or document collection a source is."""

    government_list = "government_list"
    court_record = "court_record"
    leaked_document = "leaked_document"
    news_report = "news_report"
    ngo_register = "ngo_register"
    camp_register = "camp_register"
    death_notice = "death_notice"
    social_media = "social_media"
    border_record = "border_record"
    other = "other"


class Compartment(StrEnum):
    """Who may see a source's records: everyone with an account, or only those cleared."""

    open = "open"
    restricted = "restricted"


Compartments = frozenset[Compartment]
"""The compartments someone may see."""
EVERY: Compartments = frozenset(Compartment)
OPEN_ONLY: Compartments = frozenset({Compartment.open})


class Scope(StrEnum):
    """Which records a linkage run links: every record, or the open records only."""

    every = "every"
    open = "open"


class Decision(StrEnum):
    """An analyst's judgement on whether two records are about the same person."""

    same = "same"
    different = "different"
    unsure = "unsure"


RELIABILITY_GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
"""Source reliability (Admiralty / NATO): A completely reliable … E unreliable, F cannot be judged."""

CREDIBILITY_GRADES: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
"""Information credibility: 1 confirmed … 5 improbable, 6 cannot be judged."""


class Metric(StrEnum):
    """What an aggregate figure counts, in headcount's terms (publishers' words map to these)."""

    departed = "departed"
    in_theatre = "in_theatre"
    killed = "killed"
    killed_confirmed = "killed_confirmed"
    killed_reported = "killed_reported"
    detained = "detained"
    returned = "returned"
    relocated = "relocated"
    en_route = "en_route"
    unknown = "unknown"
    women = "women"
    minors = "minors"
    men = "men"
    repatriated = "repatriated"
    """Brought home by a government (from a camp or prison), a part of `returned`."""
    left_theatre = "left_theatre"
    """Left Syria and Iraq, alive: returned or gone elsewhere."""
    returned_share = "returned_share"
    """The share of those who went who came back (a fraction, not a count)."""
    alive = "alive"
    """Still alive, wherever they are."""
    reached_theatre = "reached_theatre"
    """Reached Syria or Iraq (not only left home)."""


METRIC_OF: dict[str, Metric] = {
    "departed": Metric.departed,
    "departed_or_present": Metric.departed,
    "in_zone": Metric.in_theatre,
    "in_theatre": Metric.in_theatre,
    "killed": Metric.killed,
    "killed_confirmed": Metric.killed_confirmed,
    "killed_unconfirmed": Metric.killed_reported,
    "killed_reported": Metric.killed_reported,
    "returned": Metric.returned,
    "repatriated": Metric.repatriated,
    "detained": Metric.detained,
    "relocated": Metric.relocated,
    "en_route": Metric.en_route,
    "unknown": Metric.unknown,
    "departed_women": Metric.women,
    "women": Metric.women,
    "departed_minors": Metric.minors,
    "minors": Metric.minors,
    "departed_men": Metric.men,
    "men": Metric.men,
    "left_zone": Metric.left_theatre,
    "left_theatre": Metric.left_theatre,
    "returned_share": Metric.returned_share,
    "alive": Metric.alive,
    "reached_syria": Metric.reached_theatre,
    "reached_theatre": Metric.reached_theatre,
}
"""Publishers' metric names that mean one of headcount's metrics. The rest (a government's
database total, those who tried to leave, candidates to leave) count other populations and
are kept as said, shown but never compared."""
