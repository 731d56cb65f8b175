"""Where a person left from: their country, decided by weighing the evidence of their records.

A person's country is the country they left from. No record may say so directly, so each
kind of evidence votes for countries with a weight (the rule is versioned in
docs/methodology/accounting.md, "Country of origin"):

| evidence (kind)                                            | weight |
|------------------------------------------------------------|-------:|
| the place of a departure event (`departed`)                |     16 |
| a residence                                                |      8 |
| a national source's country (`sources.country`), when no   |      8 |
| record of the person states that citizenship               |        |
| the same, when a record does state it                      |      1 |
| a citizenship                                              |      2 |
| a birth place                                              |    0.5 |

A national list records its country's citizens *and residents*: a foreign citizen on the
French ministry's list lives in France, so the list weighs as a residence; for a French
citizen it adds little to the citizenship. Within a kind, the weight is shared among the
countries in proportion to the person's records that name each (a stray citizenship on one
record of five takes a fifth); a national source counts once per country, however many
records of the person it holds. The country with the highest total wins; ties go to the one
with the strongest single kind of evidence, then to the alphabetically first. A nisba
(al-Tunisi, al-Faransi) is a name, not evidence: it never votes.

The runner-up (a dual national's other country, or the other side of contradicting
records) is kept as the person's *other* country (`other_countries`).

Invariant: a person some known record places has a country with positive weight; a person
none places is UNATTRIBUTED (code 0).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from headcount.accounting.timeline import PLACE_PRIORITY, Evidence

SOURCE = PLACE_PRIORITY["source"]
CITIZENSHIP = PLACE_PRIORITY["citizenship"]
WEIGHTS = np.array([16.0, 8.0, 2.0, 0.5, 8.0])
"""Weight per kind of evidence, by its code in PLACE_PRIORITY (departed, residence,
citizenship, birth place, source). A birth place weighs least: many who left from Europe
were born in their parents' country (on the `afp-2017` scenario, 2,000 persons, seed 41,
perfect linkage: 1.2% wrong with weight 1, 1.0% with 0.5)."""
SOURCE_OF_CITIZEN = 1.0
"""A national source's weight for a person a record states to be its citizen."""
VERSION = "2.0"


def country_scores(evidence: Evidence, known: np.ndarray) -> pd.DataFrame:
    """Per person and country with some evidence: `score` (the weighted votes) and `best`
    (the code of the strongest kind that names it); columns person, country, score, best."""
    places = evidence.places
    records = places["record"].to_numpy()
    keep = known[records]
    frame = pd.DataFrame(
        {
            "person": evidence.records["person"].to_numpy()[records[keep]].astype(np.int64),
            "kind": places["priority"].to_numpy()[keep].astype(np.int64),
            "country": places["country"].to_numpy()[keep].astype(np.int64),
            "record": records[keep],
        }
    ).drop_duplicates()
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


KIND_NAMES = {code: name for name, code in PLACE_PRIORITY.items()}


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
    mine = np.flatnonzero(evidence.records["person"].to_numpy() == codes[0])
    places = evidence.places[evidence.places["record"].isin(mine)]
    known = np.ones(len(evidence.records), dtype=bool)
    ranked = _ranked(replace(evidence, places=places), known)
    record_ids = evidence.records["record_id"].to_numpy()
    votes = []
    ranking = zip(ranked["country"].tolist(), ranked["score"].tolist(), strict=True)
    for rank, (country, score) in enumerate(ranking):
        naming = places[places["country"] == country]
        votes.append(
            CountryVote(
                country=str(evidence.countries[country]),
                score=float(score),
                kinds=tuple(KIND_NAMES[k] for k in sorted(set(naming["priority"].tolist()))),
                records=tuple(sorted({int(record_ids[r]) for r in naming["record"]})),
                chosen=rank == 0,
            )
        )
    return votes


def _ranked(evidence: Evidence, known: np.ndarray) -> pd.DataFrame:
    """The scores, best first within each person (score, strength, then country code)."""
    scores = country_scores(evidence, known)
    return scores.sort_values(
        ["person", "score", "best", "country"], ascending=[True, False, False, True]
    )
