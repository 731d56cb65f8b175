"""Accounting speed on a million records, and the AFP example end to end.

1. Counting: a store of a million records (about 620,000 persons, 1.3 million events, a
   million citizenship statements) written straight into the tables, then the time to read
   the evidence (`load_evidence`) and to count every country × status on a date under both
   readings (`count_evidence`), with and without `--known-on`, and with five alternative
   clusterings. Beside it, for comparison: the event rows alone as tuples from the driver's
   cursor. The target is under 5 seconds for reading and counting on 2 cores; wall-clock
   and CPU seconds are both printed, with the load average (on a shared machine CPU is what
   the code costs).
2. AFP: the `afp-2017` scenario simulated, ingested and linked from its truth; France on
   2017-12-08 beside AFP's figures (1,700 went; 400–450 killed; 250 returned; 500 in
   theatre; so about 500 unknown).

3. France's full table (`--france PERSONS`, alone): the `afp-2017` scenario at that size
   (seed 11), ingested once and linked twice — from its truth (perfect linkage) and by
   headcount's model — then France on 2017-12-08: went, killed, in theatre, detained by
   place, returned, repatriated, relocated by destination, unknown; women and minors;
   perfect linkage / model / the simulator's truth / AFP's published figures.

    .venv/bin/python benchmarks/accounting.py [--records 1000000] [--postgres URL] [--no-afp]
    .venv/bin/python benchmarks/accounting.py --france 40000 [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select

from headcount.accounting import count_evidence, load_evidence
from headcount.accounting.timeline import KINDS
from headcount.storage import Store, connect, upgrade
from headcount.storage.bulk import insert_rows
from headcount.storage.engine import now
from headcount.storage.tables import (
    events,
    ingests,
    linkage_runs,
    person_records,
    persons,
    records,
    sources,
    statements,
)

AS_OF = date(2017, 12, 8)
COUNTRIES = np.array(["FRA", "BEL", "DEU", "GBR", "TUN", "MAR", "RUS", "TJK", "SAU", "TUR"])
PLACES = np.array(["SYR", "IRQ", "TUR", "", "FRA", "BEL"])
BATCH = 200_000


def build(store: Store, n: int, seed: int = 1) -> float:
    """Write n records of synthetic persons straight into the tables; return seconds."""
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    person = np.sort(rng.integers(0, int(n * 0.62), n))
    stamp = now()
    with store.transaction() as c:
        insert_rows(
            c,
            sources,
            [
                {
                    "id": i + 1,
                    "name": f"list-{i}",
                    "kind": "government_list",
                    "reliability": "ABCDEF"[i % 6],
                    "compartment": "open",
                    "created_at": stamp,
                }
                for i in range(10)
            ],
        )
        insert_rows(
            c,
            ingests,
            [
                {
                    "id": i + 1,
                    "source_id": i + 1,
                    "file_name": f"list-{i}.csv",
                    "file_hash": "x",
                    "rows_read": 0,
                    "records_added": 0,
                    "user_name": "bench",
                    "started_at": stamp,
                    "finished_at": stamp,
                }
                for i in range(10)
            ],
        )
        insert_rows(
            c,
            linkage_runs,
            [
                {
                    "id": 1,
                    "engine": "bench",
                    "user_name": "bench",
                    "started_at": stamp,
                    "finished_at": stamp,
                }
            ],
        )
        keys = np.unique(person)
        for lo in range(0, len(keys), BATCH):
            insert_rows(
                c,
                persons,
                [
                    {"id": f"P{k:07d}", "first_run_id": 1, "created_at": stamp}
                    for k in keys[lo : lo + BATCH].tolist()
                ],
            )
        for lo in range(0, n, BATCH):
            _batch(c, rng, person, lo, min(n, lo + BATCH))
    return time.perf_counter() - start


def _iso(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(days.astype("datetime64[D]")).tolist()


def _batch(c: object, rng: np.random.Generator, person: np.ndarray, lo: int, hi: int) -> None:
    ids = np.arange(lo + 1, hi + 1)
    size = hi - lo
    source = rng.integers(1, 11, size)
    reported = rng.integers(16000, 18300, size)
    insert_rows(
        c,
        records,
        [  # type: ignore[arg-type]
            {
                "id": i,
                "source_id": s,
                "ingest_id": s,
                "record_key": f"r{i}",
                "row_number": i,
                "content_hash": f"h{i}",
                "raw": "{}",
                "reported_on": r,
            }
            for i, s, r in zip(ids.tolist(), source.tolist(), _iso(reported), strict=True)
        ],
    )
    country = COUNTRIES[person[lo:hi] % len(COUNTRIES)]
    insert_rows(
        c,
        statements,
        [  # type: ignore[arg-type]
            {"record_id": i, "prop": "citizenship", "value": v, "credibility": 2}
            for i, v in zip(ids.tolist(), country.tolist(), strict=True)
        ],
    )
    insert_rows(
        c,
        person_records,
        [  # type: ignore[arg-type]
            {"run_id": 1, "record_id": i, "person_id": f"P{p:07d}", "reason": "model"}
            for i, p in zip(ids.tolist(), person[lo:hi].tolist(), strict=True)
        ],
    )
    per = rng.choice([0, 1, 2], size, p=[0.1, 0.5, 0.4])
    owner = np.repeat(ids, per)
    day = reported[owner - lo - 1] - rng.integers(0, 400, len(owner))
    kind = rng.choice(len(KINDS), len(owner))
    place = PLACES[rng.integers(0, len(PLACES), len(owner))]
    iso_day = _iso(day)
    told = _iso(reported[owner - lo - 1])
    insert_rows(
        c,
        events,
        [  # type: ignore[arg-type]
            {
                "record_id": r,
                "kind": KINDS[k].value,
                "date": d,
                "date_precision": "day",
                "date_earliest": d,
                "date_latest": d,
                "reported_on": t,
                "reported_earliest": t,
                "place_country": p or None,
                "credibility": int(cr),
            }
            for r, k, d, t, p, cr in zip(
                owner.tolist(),
                kind.tolist(),
                iso_day,
                told,
                place.tolist(),
                rng.integers(1, 7, len(owner)).tolist(),
                strict=True,
            )
        ],
    )


def floor(store: Store) -> None:
    """Fetch the event columns accounting reads, with the driver alone."""
    with store.reading() as c:
        cursor = c.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(
            "SELECT e.record_id, e.kind, e.date_earliest, e.date_latest, e.reported_earliest, "
            "e.credibility, e.place_country FROM events e JOIN person_records p "
            "ON p.record_id = e.record_id WHERE p.run_id = 1"
        )
        cursor.fetchall()
        cursor.close()


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run and print wall-clock and CPU seconds (CPU of every thread of this process: on a
    machine shared with other work, CPU is what the code costs; wall is what one waits)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    seconds, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label}: {seconds:.2f} s wall, {used:.2f} s CPU")
    return result, (seconds, used)


def counting(url: str, n: int, name: str) -> None:
    store = connect(url)
    upgrade(store)
    print(f"{name}: building {n:,} records… ", end="", flush=True)
    print(f"{build(store, n):.0f} s")
    with store.reading() as c:
        events_count = c.execute(select(events.c.id).order_by(events.c.id.desc()).limit(1)).scalar()
    print(f"  {n:,} records, {events_count:,} events; load average {os.getloadavg()[0]:.1f}")
    timed("for comparison: the event rows alone, as tuples from the cursor", floor, store)
    with store.reading() as c:
        evidence, read = timed("read the evidence (3 queries)", load_evidence, c)
    print(f"  {evidence.persons:,} persons")
    _, counted = timed(
        "count as of 2017-12-08 (2 readings)", count_evidence, evidence, AS_OF, alternatives={}
    )
    timed(
        "count as of 2017-12-08 known on 2017-12-08",
        count_evidence,
        evidence,
        AS_OF,
        AS_OF,
        alternatives={},
    )
    wall, cpu = read[0] + counted[0], read[1] + counted[1]
    print(
        f"  → reading and counting: {wall:.2f} s wall, {cpu:.2f} s CPU, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (target: under 5 s)"
    )
    rng = np.random.default_rng(3)
    ids = evidence.records["record_id"].to_numpy()
    people = evidence.records["person"].to_numpy()
    alternatives = {}
    for k in range(5):
        shifted = people.copy()
        moved = rng.random(len(ids)) < 0.02
        shifted[moved] = people[rng.integers(0, len(ids), int(moved.sum()))]
        alternatives[f"alt_{k}"] = dict(zip(ids.tolist(), shifted.tolist(), strict=True))
    timed(
        "count with 5 alternative clusterings (12 variants)",
        count_evidence,
        evidence,
        AS_OF,
        alternatives=alternatives,
    )
    print(f"  peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    store.close()


def afp(folder: Path) -> None:
    from headcount.accounting import link_from_truth, reconcile
    from headcount.ingest import ingest_path, load_figures
    from headcount.simulate import simulate, write

    print("AFP scenario: 2,500 persons (France fixed at 1,800), linked from the truth")
    write(simulate(2500, seed=5, scenario="afp-2017"), folder)
    store = connect(f"sqlite:///{folder / 'afp.sqlite'}")
    upgrade(store)
    ingest_path(store, folder / "sources", user="bench")
    link_from_truth(store, folder / "truth" / "links.csv", user="bench")
    figures = folder / "afp.csv"
    figures.write_text(
        "country_iso3,country,metric,low,high,as_of,original_publisher,read_at,note\n"
        "FRA,France,departed,1700,1700,2017-12,AFP,brief,\n"
        "FRA,France,killed,400,450,2017-12,AFP,brief,\n"
        "FRA,France,returned,250,250,2017-12,AFP,brief,\n"
        "FRA,France,in_zone,500,500,2017-12,AFP,brief,\n",
        encoding="utf-8",
    )
    load_figures(store, figures, user="bench")
    for known in (None, AS_OF):
        result = reconcile(store, "FRA", AS_OF, known_on=known)
        print(f"  France on {AS_OF}, known {'now' if known is None else f'on {known}'}:")
        for line in result.metrics.values():
            print(f"    {line.text()}")
    store.close()


AFP_PUBLISHED = {
    "went": "1,700",
    "killed": "400–450",
    "in theatre": "500",
    "returned": "250",
    "unknown": "~500 (implied)",
}


def france(folder: Path, persons: int, seed: int = 11) -> None:
    """France's full table on AS_OF (module docstring, 3)."""
    import shutil

    from headcount.accounting import count, link_from_truth
    from headcount.ingest import ingest_path
    from headcount.linkage.link import link
    from headcount.simulate import simulate, write

    started = time.perf_counter()
    sim = simulate(persons, seed=seed, scenario="afp-2017")
    write(sim, folder)
    ingested = folder / "ingested.sqlite"
    store = connect(f"sqlite:///{ingested}")
    upgrade(store)
    ingest_path(store, folder / "sources", user="bench")
    store.close()
    print(f"  simulated and ingested {persons:,} persons in {time.perf_counter() - started:.0f} s")
    columns: dict[str, dict[str, str]] = {}
    for name in ("perfect linkage", "model"):
        path = folder / f"{name.split()[0]}.sqlite"
        shutil.copy(ingested, path)
        store = connect(f"sqlite:///{path}")
        began = time.perf_counter()
        if name == "model":
            link(store, user="bench")
        else:
            link_from_truth(store, folder / "truth" / "links.csv", user="bench")
        split = {
            b: count(store, AS_OF, by=["country", "status", b], country="FRA")
            for b in ("detention", "destination")
        }
        columns[name] = _france_column(split)
        print(f"  {name}: linked and counted in {time.perf_counter() - began:.0f} s")
        store.close()
    columns["truth"] = _france_truth(sim)
    columns["AFP published"] = AFP_PUBLISHED
    lines = list(dict.fromkeys(k for c in columns.values() for k in c))
    print(f"France on {AS_OF}, afp-2017, {persons:,} persons, seed {seed}")
    print(f"  {'':32}" + "".join(f" {n:>21}" for n in columns))
    for line in lines:
        print(f"  {line:32}" + "".join(f" {c.get(line, '—'):>21}" for c in columns.values()))


def _france_column(split: dict[str, Any]) -> dict[str, str]:
    """The table's lines from counts broken down by detention and by destination."""
    from headcount.accounting.breakdowns import AT_LARGE_IN_TURKEY

    counts = split["detention"]
    row = counts.row("FRA")
    if row is None:
        return {}
    cells = {"went": row.departed}
    killed = counts.metric("FRA", "killed")
    cells["killed"] = killed
    cells["in theatre"] = row.statuses["in_theatre"]
    cells["detained"] = row.statuses["detained"]
    for part, rows in counts.parts.items():
        cells[f"  detained: {part}"] = rows[0].departed
    cells["returned"] = row.statuses["returned"]
    cells["  repatriated"] = row.flags["repatriated"]
    cells["relocated (other fronts)"] = row.statuses["relocated"]
    for part, rows in split["destination"].parts.items():
        label = "at large in Turkey" if part == AT_LARGE_IN_TURKEY else f"  relocated: {part}"
        cells[label] = rows[0].departed
    cells["contested"] = row.statuses["contested"]
    cells["unknown"] = row.statuses["unknown"]
    cells["women"], cells["minors"] = row.flags["women"], row.flags["minors"]
    return {k: _cell_text(c) for k, c in cells.items()}


def _cell_text(cell: Any) -> str:
    if cell.low == cell.high == cell.value:
        return f"{cell.value:,}"
    return f"{cell.value:,} ({cell.low:,}–{cell.high:,})"


def _france_truth(sim: Any) -> dict[str, str]:
    """The same lines from the simulator's truth (no one is `unknown` in the truth)."""
    from collections import Counter

    from headcount.simulate.timeline import day
    from headcount.simulate.truth import status_on
    from headcount.simulate.truth_breakdowns import person_parts

    status = status_on(sim.world, AS_OF.isoformat())
    population = sim.world.population
    found: Counter[str] = Counter()
    for i in np.flatnonzero((population.country == "FRA") & (status != "")).tolist():
        found["went"] += 1
        found[
            {
                "killed_confirmed": "killed",
                "in_theatre": "in theatre",
                "relocated": "relocated (other fronts)",
            }.get(status[i], status[i])
        ] += 1
        for breakdown, part in person_parts(sim, i, str(status[i]), day(AS_OF.isoformat())):
            if breakdown == "detention":
                found[f"  detained: {part}"] += 1
            elif breakdown == "destination":
                found[f"  relocated: {part}"] += 1
            elif part == "repatriated":
                found["  repatriated"] += 1
        found["women"] += int(population.sex[i] == "f" and not population.minor[i])
        found["minors"] += int(population.minor[i])
    return {k: f"{v:,}" for k, v in found.items()}


def postgres_database(server: str) -> str:
    """A fresh database of this benchmark's own on the server."""
    from sqlalchemy import create_engine, text

    admin = create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text("DROP DATABASE IF EXISTS headcount_bench_accounting WITH (FORCE)"))
        c.execute(text("CREATE DATABASE headcount_bench_accounting"))
    return admin.url.set(database="headcount_bench_accounting").render_as_string(
        hide_password=False
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("HEADCOUNT_TEST_POSTGRES_URL"))
    parser.add_argument("--no-afp", action="store_true")
    parser.add_argument("--france", type=int, help="only France's full table, at this size")
    parser.add_argument("--work", type=Path, help="with --france: keep the stores here")
    args = parser.parse_args()
    if args.france:
        if args.work:
            args.work.mkdir(parents=True, exist_ok=True)
            france(args.work, args.france)
            return
        with tempfile.TemporaryDirectory() as tmp:
            france(Path(tmp), args.france)
        return
    with tempfile.TemporaryDirectory() as tmp:
        counting(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", args.records, "SQLite")
        if args.postgres:
            counting(postgres_database(args.postgres), args.records, "PostgreSQL")
        else:
            print("PostgreSQL: skipped (no --postgres or HEADCOUNT_TEST_POSTGRES_URL)")
        if not args.no_afp:
            afp(Path(tmp))


if __name__ == "__main__":
    main()
