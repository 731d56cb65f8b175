"""Linking a simulated store end to end: accuracy, stable ids, judgements that win, pairs kept."""

from __future__ import annotations

import csv
import resource
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from headcount.ingest import ingest_path
from headcount.linkage import prepared
from headcount.linkage.alternatives import alternative_clusterings, run_pairs
from headcount.linkage.evaluate import evaluate_store
from headcount.linkage.explain import explain_pair
from headcount.linkage.judgements import add_judgement
from headcount.linkage.link import LinkReport, link
from headcount.linkage.namecache import cached_features
from headcount.linkage.persons import current_persons
from headcount.linkage.prepare import comparison_frame, store_facts
from headcount.storage import Store, connect, upgrade
from headcount.storage.persons import run_persons
from headcount.storage.queries import latest_run_id
from headcount.storage.runs import run_settings
from headcount.storage.tables import pair_scores, person_records, records, sources


def _keys(store: Store) -> dict[int, str]:
    """Store id → SOURCE/RECORD_ID."""
    with store.reading() as c:
        rows = c.execute(
            select(records.c.id, sources.c.name, records.c.record_key).join(
                sources, sources.c.id == records.c.source_id
            )
        ).all()
    return {rid: f"{s}/{k}" for rid, s, k in rows}


def test_a_simulated_population_is_linked_well(linked: Store, simulated: Path) -> None:
    # Tolerance: the 500-person default scenario; many records carry only a kunya or a name
    # and a country, so recall is bounded well below 1 (docs/methodology/linkage.md).
    scores = evaluate_store(linked, simulated / "truth" / "links.csv")
    assert scores.pairwise.precision >= 0.85
    assert scores.bcubed.precision >= 0.95
    assert scores.bcubed.f1 >= 0.80
    assert set(scores.by_script) >= {"Arabic", "Cyrillic", "Latin"}
    top = scores.ceiling
    assert top is not None and 0 < top.pairs_linkable < top.pairs_true
    # no linker bound by the safeguard passes the ceiling, and blocking proposes no pair the
    # ceiling could not (it is the same ceiling over fewer pairs)
    assert scores.pairwise.f1 <= top.pairwise_f1 and scores.bcubed.f1 <= top.bcubed_f1
    assert top.blocked_pairwise_f1 <= top.pairwise_f1
    assert 0 < top.blocking_recall <= top.blocking_recall_linkable <= 1


def test_the_run_keeps_its_scored_pairs_and_block_sizes(
    linked: Store, linked_file: tuple[Path, LinkReport]
) -> None:
    report = linked_file[1]
    assert report.pairs_scored > 0 and {s.rule for s in report.blocking} >= {"name_pair"}
    assert all(s.largest <= 30 for s in report.blocking)
    with linked.reading() as c:
        stored = c.execute(
            select(func.count()).where(pair_scores.c.run_id == report.run.run_id)
        ).scalar_one()
        ordered = c.execute(
            select(func.count()).where(pair_scores.c.record_a >= pair_scores.c.record_b)
        ).scalar_one()
        alternatives = alternative_clusterings(c)
        persons = run_persons(c, latest_run_id(c) or 0)
    assert stored == report.pairs_scored and ordered == 0
    for mapping in alternatives.values():
        assert set(mapping) == set(persons)


def test_person_ids_survive_relinking(linked: Store) -> None:
    with linked.reading() as c:
        before = current_persons(c)
    again = link(linked, user="test", workers=1)
    with linked.reading() as c:
        after = current_persons(c)
    assert {p: a.record_ids for p, a in after.items()} == {
        p: b.record_ids for p, b in before.items()
    }
    assert again.run.new_ids == 0 and again.run.kept_ids == len(before)


def test_judgements_override_the_model(linked: Store) -> None:
    keys = _keys(linked)
    with linked.reading() as c:
        persons = {p: person.record_ids for p, person in current_persons(c).items()}
    big = max(persons.values(), key=len)
    assert len(big) >= 3
    a, b = big[0], big[-1]
    singles = sorted(members[0] for members in persons.values() if len(members) == 1)
    x, y = singles[0], singles[-1]
    split = add_judgement(linked, keys[a], keys[b], "different", user="ana", note="two men")
    join = add_judgement(linked, keys[x], str(y), "same", user="ana")
    report = link(linked, user="test", workers=1)
    assert report.judgements == 2 and split.id < join.id
    with linked.reading() as c:
        now = run_persons(c, report.run.run_id)
        reasons = dict(
            c.execute(
                select(person_records.c.record_id, person_records.c.reason).where(
                    person_records.c.run_id == report.run.run_id
                )
            ).all()
        )
    assert now[a] != now[b], "a negative judgement splits a person"
    assert now[x] == now[y], "a positive judgement joins two persons"
    assert reasons[a] == reasons[b] == "split"
    assert reasons[x] == reasons[y] == "judgement"


def test_the_truth_file_is_read_by_source_and_record_id(simulated: Path) -> None:
    with (simulated / "truth" / "links.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["source", "record_id", "person_id"]


def test_new_records_join_existing_persons_without_relinking(linked: Store, tmp_path: Path) -> None:
    from headcount.ingest import ingest_path
    from headcount.linkage.incremental import link_new
    from headcount.linkage.prepare import store_facts

    with linked.reading() as c:
        before = {p: person.record_ids for p, person in current_persons(c).items()}
        person = max(before, key=lambda p: len(before[p]))
        facts = next(store_facts(c, [before[person][0]]))
        shares = run_settings(c, latest_run_id(c) or 0)["source_repeats"]
    said = dict(facts.statements)
    assert {"family_name", "given_name", "birth_date"} <= set(said)
    late = tmp_path / "late-list.csv"
    late.write_text(
        "record_id,family_name,given_name,birth_date,citizenship\n"
        f"L1,{said['family_name']},{said['given_name']},{said['birth_date']},"
        f"{said.get('citizenship', '')}\n"
        "L2,Qwertyuiop,Zxcvbnm,1901-01-01,ISL\n",
        encoding="utf-8",
    )
    ingest_path(linked, late, source="late-list", grade="C", user="test")
    report = link_new(linked, user="test")
    assert report.engine == "duckdb-incremental" and report.pairs_scored > 0
    with linked.reading() as c:
        after = {p: person.record_ids for p, person in current_persons(c).items()}
    new = sorted(
        set(r for m in after.values() for r in m) - set(r for m in before.values() for r in m)
    )
    assert len(new) == 2
    assert new[0] in after[person], "a copy of a known record joins its person"
    assert any(members == (new[1],) for members in after.values()), "a stranger starts a person"
    assert all(after[p] == members for p, members in before.items() if p != person)
    # the run's sources keep their repeat shares; the new source's is read from its pairs
    with linked.reading() as c:
        kept = run_settings(c, latest_run_id(c) or 0)["source_repeats"]
    assert len(shares) > 1 and kept == {**shares, "late-list": 0.0}


def test_names_are_parsed_once_and_kept_in_the_store(linked: Store) -> None:
    from headcount.linkage.namecache import cached_features, value_hash
    from headcount.linkage.prepare import value_features
    from headcount.storage.tables import name_features

    with linked.reading() as c:
        cached = c.execute(select(func.count()).select_from(name_features)).scalar_one()
    assert cached > 0
    again = link(linked, user="test", workers=1)
    assert again.names_parsed == 0
    known, parsed = cached_features(linked, ["Abu Hamza al-Faransi"], workers=1)
    assert parsed in (0, 1) and known["Abu Hamza al-Faransi"] == value_features(
        "Abu Hamza al-Faransi"
    )
    assert len(value_hash("x")) == 64


def test_explain_a_pair_with_a_birth_day_on_one_side_only(linked: Store) -> None:
    """Regression: Splink types each side of the pair by its values, so a record with only a
    birth year had its birth day typed as a number, and DuckDB failed to compare it with the
    other record's birth day: `explain` broke on every such pair."""
    with linked.reading() as connection:
        frame = comparison_frame(store_facts(connection), workers=1)
    year_only = frame[frame["birth_year"].notna() & frame["birth_day"].isna()]
    dated = frame[frame["birth_day"].notna()]
    a, b = int(year_only["unique_id"].iloc[0]), int(dated["unique_id"].iloc[0])
    explained = explain_pair(linked, str(a), str(b))
    total = explained.prior + sum(c.weight + c.tf_adjustment for c in explained.contributions)
    assert total == pytest.approx(explained.match_weight, abs=1e-3)
    birth = next(c for c in explained.contributions if c.comparison == "birth_date")
    assert birth.level != "nothing to compare"


def test_duckdb_spills_to_the_system_temporary_folder_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from headcount.linkage.engines import duckdb_api

    monkeypatch.setenv("TMPDIR", str(tmp_path / "it's temp"))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    (tmp_path / "it's temp").mkdir()
    api = duckdb_api()
    (spill,) = api._con.execute("SELECT current_setting('temp_directory')").fetchone()
    assert spill == str(tmp_path / "it's temp" / "headcount-duckdb")


def test_ingest_parses_the_names_so_that_a_first_link_parses_none(
    linked_file: tuple[Path, LinkReport], tmp_path: Path
) -> None:
    _, report = linked_file
    assert report.names_parsed == 0
    store = connect(f"sqlite:///{tmp_path / 'h.sqlite'}")
    upgrade(store)
    listing = tmp_path / "list.csv"
    listing.write_text("record_id,full_name\n1,Abou Hamza al-Faransi\n", encoding="utf-8")
    ingest_path(store, listing, source="list", user="test")
    assert cached_features(store, ["Abou Hamza al-Faransi"], write=False)[1] == 1
    listing.write_text("record_id,full_name\n2,Abou Hamza al-Faransi\n", encoding="utf-8")
    ingest_path(store, listing, source="list", user="test", name_cache=cached_features)
    assert cached_features(store, ["Abou Hamza al-Faransi"], write=False)[1] == 0


def test_an_explanation_adds_up_to_the_score_the_run_stored(linked: Store) -> None:
    """The run's pairs are scored under the prior re-estimated after scoring and with
    term frequencies counted once per source; `explain` rebuilds the score from the saved
    model and frequencies and must land on the stored weight (uncapped pairs)."""
    with linked.reading() as c:
        run = latest_run_id(c)
        rows = c.execute(
            select(pair_scores.c.record_a, pair_scores.c.record_b, pair_scores.c.match_weight)
            .where(pair_scores.c.run_id == run, pair_scores.c.probability > 0.9)
            .order_by(pair_scores.c.record_a)
            .limit(5)
        ).all()
    assert rows
    for a, b, weight in rows:
        explained = explain_pair(linked, str(a), str(b))
        assert explained.match_weight == pytest.approx(weight, abs=1e-3)


def test_the_store_and_the_frame_give_the_same_traits(linked: Store) -> None:
    from headcount.linkage.prepare import name_values
    from headcount.linkage.traits import frame_traits, store_traits

    with linked.reading() as c:
        facts = list(store_facts(c))
        stored = store_traits(c)
    known, _ = cached_features(linked, name_values(facts), workers=1)
    framed = frame_traits(comparison_frame(facts, workers=1, known=known))
    assert len(framed.fathers) > 10  # the simulated CIS lists and border records give them
    assert stored == framed


def test_a_large_store_is_prepared_in_a_child_with_the_same_results(
    linked: Store, linked_file: tuple[Path, LinkReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    # every store counts as large: reading, parsing names and preparing run in a spawned
    # child, which hands back the records' Arrow table in a file, written 100 rows at a time
    # (so the table the run reads is in many chunks); the run must not notice
    monkeypatch.setattr(prepared, "CHILD_FROM", 0)
    monkeypatch.setattr(prepared, "BATCH", 100)
    folder = Path(tempfile.gettempdir())
    before = set(folder.glob("headcount-records-*"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    again = link(linked, user="test", workers=1)
    # the child's time (its imports alone take more): with workers=1, nothing else forks
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - children > 0.5
    first = linked_file[1].run.run_id
    with linked.reading() as c:
        persons = [run_persons(c, run) for run in (first, again.run.run_id)]
        pairs = [run_pairs(c, run) for run in (first, again.run.run_id)]
    grouped = [sorted(_members(p)) for p in persons]
    assert grouped[0] == grouped[1] and len(grouped[0]) == again.run.persons
    kept = [
        sorted(zip(p.left, p.right, (round(x, 9) for x in p.probability), strict=True))
        for p in pairs
    ]
    assert kept[0] == kept[1] and kept[0]
    assert again.records == linked_file[1].records
    assert set(again.seconds) >= {"reading", "parsing names", "preparing", "scoring"}
    assert set(folder.glob("headcount-records-*")) == before  # its file is gone


def _members(person: dict[int, str]) -> list[tuple[int, ...]]:
    by: dict[str, list[int]] = {}
    for record, pid in sorted(person.items()):
        by.setdefault(pid, []).append(record)
    return [tuple(v) for v in by.values()]
