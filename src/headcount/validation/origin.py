"""Country attribution against a simulator's truth: which persons get the wrong country, and why.

A person of a linkage run gets a country by `accounting.origin` (every record known). It is
*wrong* when it is not the true country of the true person holding most of the person's
records; persons no record places (`XXX`) and mentions (`linkage.mentions`) are counted
apart, never as wrong, but stay in the number of persons the share is taken of (as in
docs/methodology/accounting.md, "A person's country").

Each wrong person is also sorted by what linkage did to it: `whole` (the person is exactly
its true person: the rule alone erred, on evidence that names another country), `fragment`
(a part of a true person split by linkage: the part holds too little evidence) or `merge`
(records of several true persons joined). Under perfect linkage every wrong person is whole.

Only for simulated data: a real store has no truth.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from headcount.accounting.origin import other_countries, person_countries
from headcount.accounting.timeline import load_evidence
from headcount.storage.engine import Store
from headcount.storage.records import record_keys


@dataclass(frozen=True)
class CountryErrors:
    """Wrong and unattributed countries of one run's persons (see the module doc)."""

    persons: int
    wrong: int
    unknown: int
    mentions: int
    runner_up_true: int
    """Wrong persons whose runner-up country (`origin.other_countries`) is the true one."""
    by_linkage: dict[str, int] = field(default_factory=dict)
    """Wrong persons per `whole`, `fragment`, `merge`."""
    pairs: list[tuple[tuple[str, str], int]] = field(default_factory=list)
    """(true country, given country) → wrong persons, most frequent first."""

    @property
    def share(self) -> float:
        return self.wrong / self.persons if self.persons else 0.0


def true_records(store: Store, truth: Path) -> pd.DataFrame:
    """Per store record (`record_id`): its true person and that person's country, from a
    simulator's `truth/` folder (links.csv and persons.csv)."""
    with (truth / "persons.csv").open(encoding="utf-8") as handle:
        country = {row["person_id"]: row["country"] for row in csv.DictReader(handle)}
    with (truth / "links.csv").open(encoding="utf-8") as handle:
        person = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}
    with store.reading() as connection:
        keys = record_keys(connection)
    rows = [(rid, person[(s, k)]) for rid, s, k in keys if (s, k) in person]
    frame = pd.DataFrame(rows, columns=["record_id", "true_person"])
    frame["true_country"] = frame["true_person"].map(country)
    return frame


def country_errors(store: Store, run_id: int, truth: Path) -> CountryErrors:
    """The wrong countries of a run's persons against the truth (see the module doc)."""
    with store.reading() as connection:
        evidence = load_evidence(connection, run_id)
    known = np.ones(len(evidence.records), dtype=bool)
    given = evidence.countries[person_countries(evidence, known)]
    other = other_countries(evidence, known)
    runner_up = np.where(other >= 0, evidence.countries[np.maximum(other, 0)], "")
    records = evidence.records[["record_id", "person", "mention"]].merge(
        true_records(store, truth), on="record_id"
    )
    sizes = records.groupby(["person", "true_person", "true_country"]).size().rename("held")
    held = sizes.reset_index().sort_values(["person", "held"], ascending=[True, False])
    main = held.drop_duplicates("person").set_index("person")
    code = main.index.to_numpy()
    main = main.assign(
        given=given[code],
        runner_up=runner_up[code],
        mention=records.groupby("person")["mention"].all().reindex(code).to_numpy(),
        sources=held.groupby("person").size().reindex(code).to_numpy(),
        parts=records.groupby("true_person")["person"]
        .nunique()
        .reindex(main["true_person"])
        .to_numpy(),
    )
    placed = (main["given"] != evidence.countries[0]) & ~main["mention"]
    wrong = main[placed & (main["given"] != main["true_country"])]
    linkage = np.where(
        wrong["sources"] > 1, "merge", np.where(wrong["parts"] > 1, "fragment", "whole")
    )
    return CountryErrors(
        persons=len(main),
        wrong=len(wrong),
        unknown=int((~placed & ~main["mention"]).sum()),
        mentions=int(main["mention"].sum()),
        runner_up_true=int((wrong["runner_up"] == wrong["true_country"]).sum()),
        by_linkage=dict(Counter(linkage.tolist())),
        pairs=Counter(zip(wrong["true_country"], wrong["given"], strict=True)).most_common(),
    )
