"""Where a person left from: their country, decided by weighing the evidence of their records.

A person's country is the country they left from. No record may say so directly, so each
kind of evidence votes for countries with a weight (the rule is versioned in
docs/methodology/accounting.md, "A person's country"):

| evidence (kind)                                            | weight |
|------------------------------------------------------------|-------:|
| the place of a departure event (`departed`)                |     16 |
| a residence                                                |      8 |
| a national source's country (`sources.country`), when no   |      8 |
| record of the person states that citizenship               |        |
| the same, when a record does state it                      |      1 |
| the place of a return (`returned`) outside the theatre     |      8 |
| the place of a trial (`prosecuted`) outside the theatre    |      8 |
| a citizenship                                              |      2 |
| a birth place, unless one of the person's two or more      |    0.5 |
| citizenships                                               |        |

A national list records its country's citizens *and residents*: a foreign citizen on the
French ministry's list lives in France, so the list weighs as a residence; for a French
citizen it adds little to the citizenship. A return goes home and a court outside the
theatre tries its own residents, so both weigh as a residence. A dual national's birth place
tells which citizenship came first, not where they lived. Within a kind, the weight is
shared among the countries in proportion to the person's records that name each (a stray
citizenship on one record of five takes a fifth); a national source counts once per country,
however many records of the person it holds. The country with the highest total wins; ties
go to the one with the strongest single kind of evidence, then to the one more dual nationals
are given without a tie (their base rate), then to the alphabetically first. A nisba (al-Tunisi,
al-Faransi) is a name, not evidence: it never votes, not even in a tie.

The runner-up (a dual national's other country, or the other side of contradicting
records) is kept as the person's *other* country (`other_countries`).

Invariant: a person some known record places has a country with positive weight; a person
none places is UNATTRIBUTED (code 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from headcount.accounting.rules import Rules
from headcount.accounting.timeline import KINDS, PLACE_PRIORITY, Evidence
from headcount.model.vocabulary import EventKind

SOURCE = PLACE_PRIORITY["source"]
CITIZENSHIP = PLACE_PRIORITY["citizenship"]
BIRTH_PLACE = PLACE_PRIORITY["birth_place"]
RETURNED = len(PLACE_PRIORITY)
PROSECUTED = RETURNED + 1
KIND_NAMES = {
    **{code: name for name, code in PLACE_PRIORITY.items()},
    RETURNED: EventKind.returned.value,
    PROSECUTED: EventKind.prosecuted.value,
}
"""Every kind of evidence by its code: PLACE_PRIORITY's, then the two events read here."""
WEIGHTS = np.array([16.0, 8.0, 2.0, 0.5, 8.0, 8.0, 8.0])
"""Weight per kind of evidence, by its code (departed, residence, citizenship, birth place,
source, returned, prosecuted). A birth place weighs least: many who left from Europe were
born in their parents' country (`afp-2017`, 2,000 persons, seed 41, perfect linkage: 1.2%
wrong with weight 1, 1.0% with 0.5)."""
SOURCE_OF_CITIZEN = 1.0
"""A national source's weight for a person a record states to be its citizen."""
THEATRE = Rules().theatre
"""Where a return or a trial says nothing of home: the theatre of the status rules."""
TIE = 1e-6
"""Scores closer than this are equal (they are sums of shares of small weights)."""
VERSION = "3.0"


def country_scores(evidence: Evidence, known: np.ndarray) -> pd.DataFrame:
    """Per person and country with some evidence: `score` (the weighted votes) and `best`
    (the weight of the strongest kind that names it); columns person, country, score, best."""
    return _scores(_votes(evidence, known))


def _scores(frame: pd.DataFrame) -> pd.DataFrame:
    """`country_scores` of some evidence (`_votes`)."""
    naming = frame.groupby(["person", "kind", "country"], sort=False).size()
    per_kind = frame.groupby(["person", "kind"], sort=False)["record"].nunique()
    votes = naming.reset_index(name="records")
    votes["share"] = (
        votes["records"].to_numpy()
        / per_kind.reindex(pd.MultiIndex.from_frame(votes[["person", "kind"]])).to_numpy()
    )
    weight = WEIGHTS[votes["kind"].to_numpy()]
    if len(votes):
        citizen = pd.MultiIndex.from_frame(
            votes.loc[votes["kind"] == CITIZENSHIP, ["person", "country"]]
        )
        stated = pd.MultiIndex.from_frame(votes[["person", "country"]]).isin(citizen)
        weight = np.where((votes["kind"].to_numpy() == SOURCE) & stated, SOURCE_OF_CITIZEN, weight)
    # a national list names its country once, however many records of the person it holds
    share = np.where(votes["kind"].to_numpy() == SOURCE, 1.0, votes["share"].to_numpy())
    votes["score"] = share * weight
    votes["strength"] = weight
    scored = votes.groupby(["person", "country"], sort=False).agg(
        score=("score", "sum"), best=("strength", "max")
    )
    return scored.reset_index()


def person_countries(evidence: Evidence, known: np.ndarray) -> np.ndarray:
    """Each person's country (a code into `evidence.countries`; 0, UNATTRIBUTED, when no
    known record places them), by the rule of the module doc."""
    out = np.zeros(evidence.persons, dtype=np.int32)
    ranked = _ranked(evidence, known)
    first = ranked.drop_duplicates("person", keep="first")
    out[first["person"].to_numpy()] = first["country"].to_numpy()
    return out


def other_countries(evidence: Evidence, known: np.ndarray) -> np.ndarray:
    """Each person's runner-up country (-1 when none): what a dual national or contradicting
    records also say, kept beside the country chosen."""
    out = np.full(evidence.persons, -1, dtype=np.int32)
    ranked = _ranked(evidence, known)
    second = ranked[ranked.duplicated("person", keep="first")].drop_duplicates("person")
    out[second["person"].to_numpy()] = second["country"].to_numpy()
    return out


@dataclass(frozen=True)
class CountryVote:
    """One country a person's records place them in: its score under the rule, the kinds of
    evidence that name it and the records they come from; `chosen` for the person's country."""

    country: str
    score: float
    kinds: tuple[str, ...]
    records: tuple[int, ...]
    chosen: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "score": round(self.score, 3),
            "kinds": list(self.kinds),
            "records": list(self.records),
            "chosen": self.chosen,
        }


def person_origin(evidence: Evidence, person_id: str) -> list[CountryVote]:
    """Every country the records of one person place them in, best first (the first is their
    country, the rest the alternatives kept beside it), by the same rule as every count."""
    codes = np.flatnonzero(evidence.person_keys == person_id)
    if not len(codes):
        return []
    votes = _votes(evidence, evidence.records["person"].to_numpy() == codes[0])
    ranked = _order(_scores(votes), _prior(evidence, np.ones(len(evidence.records), dtype=bool)))
    record_ids = evidence.records["record_id"].to_numpy()
    found = []
    ranking = zip(ranked["country"].tolist(), ranked["score"].tolist(), strict=True)
    for rank, (country, score) in enumerate(ranking):
        naming = votes[votes["country"] == country]
        found.append(
            CountryVote(
                country=str(evidence.countries[country]),
                score=float(score),
                kinds=tuple(KIND_NAMES[k] for k in sorted(set(naming["kind"].tolist()))),
                records=tuple(sorted({int(record_ids[r]) for r in naming["record"]})),
                chosen=rank == 0,
            )
        )
    return found


def _votes(evidence: Evidence, known: np.ndarray) -> pd.DataFrame:
    """Every piece of evidence of the known records, once per record: person, kind (code in
    KIND_NAMES), country and record. A return or a trial outside the theatre places the
    person at home; a birth place among two or more citizenships of the person is left out
    (born in Tunisia and French, or born in France and Tunisian: it tells which citizenship
    came first, not where they lived)."""
    places = evidence.places
    events = evidence.events
    theatre = [evidence.country_code(c) for c in THEATRE]
    kind = events["kind"].to_numpy()
    place = events["place"].to_numpy()
    homeward = {
        KINDS.index(EventKind.returned): RETURNED,
        KINDS.index(EventKind.prosecuted): PROSECUTED,
    }
    at_home = np.isin(kind, list(homeward)) & (place >= 0) & ~np.isin(place, theatre)
    record = np.concatenate([places["record"].to_numpy(), events["record"].to_numpy()[at_home]])
    frame = pd.DataFrame(
        {
            "record": record,
            "kind": np.concatenate(
                [places["priority"].to_numpy(), [homeward[k] for k in kind[at_home].tolist()]]
            ).astype(np.int64),
            "country": np.concatenate([places["country"].to_numpy(), place[at_home]]).astype(
                np.int64
            ),
        }
    )
    frame = frame[known[record]]
    frame.insert(
        0, "person", evidence.records["person"].to_numpy()[frame["record"]].astype(np.int64)
    )
    frame = frame.drop_duplicates()
    citizen = frame[frame["kind"] == CITIZENSHIP].drop_duplicates(["person", "country"])
    dual = citizen[citizen.duplicated("person", keep=False)]
    among = pd.MultiIndex.from_frame(frame[["person", "country"]]).isin(
        pd.MultiIndex.from_frame(dual[["person", "country"]])
    )
    kept: pd.DataFrame = frame[~((frame["kind"] == BIRTH_PLACE).to_numpy() & among)]
    return kept


def _ranked(evidence: Evidence, known: np.ndarray) -> pd.DataFrame:
    """Every person's scores, best first (`_order`)."""
    votes = _votes(evidence, known)
    scores = _scores(votes)
    return _order(scores, _tie_breaker(votes, scores, evidence.countries.size))


def _order(scores: pd.DataFrame, prior: np.ndarray) -> pd.DataFrame:
    """The scores best first within each person: score, then the strongest kind, then the
    country more dual nationals are given when theirs is not a tie (`prior`, by country
    code), then the country code."""
    ordered = scores.assign(
        level=np.round(scores["score"].to_numpy() / TIE).astype(np.int64),
        prior=prior[scores["country"].to_numpy()],
    )
    return ordered.sort_values(
        ["person", "level", "best", "prior", "country"],
        ascending=[True, False, False, False, True],
    )


def _prior(evidence: Evidence, known: np.ndarray) -> np.ndarray:
    """`_tie_breaker` of the evidence; with every record known, made once per evidence."""
    if known.all() and "origin_prior" in evidence.derived:
        return evidence.derived["origin_prior"]
    votes = _votes(evidence, known)
    prior = _tie_breaker(votes, _scores(votes), evidence.countries.size)
    if known.all():
        evidence.derived["origin_prior"] = prior
    return prior


def _tie_breaker(votes: pd.DataFrame, scores: pd.DataFrame, countries: int) -> np.ndarray:
    """Per country code, how many dual nationals (two or more citizenships stated) it is
    given with no tie at the top of their scores. Evidence ties almost only between a dual
    national's own countries; the country where dual nationals of it clearly left from is
    the likelier (Italy for an Italian–Tunisian, though more left from Tunisia)."""
    citizen = votes[votes["kind"] == CITIZENSHIP].drop_duplicates(["person", "country"])
    duals = citizen["person"][citizen["person"].duplicated()].unique()
    top = scores[scores["person"].isin(duals)]
    top = top.assign(level=np.round(top["score"].to_numpy() / TIE).astype(np.int64))
    first = top.sort_values(["person", "level", "best"], ascending=[True, False, False])
    best = first.drop_duplicates("person")[["person", "level", "best"]]
    tied = top.merge(best, on=["person", "level", "best"])
    clear = tied.drop_duplicates("person", keep=False)
    return np.bincount(clear["country"].to_numpy(), minlength=countries).astype(np.int64)
