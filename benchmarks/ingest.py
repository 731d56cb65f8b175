"""Ingest speed and peak memory for a million rows, on SQLite and on PostgreSQL.

Prints rows per second and the peak resident memory of each run (each in its own process,
so the peaks do not mix), beside a baseline in the same script: reading and hashing the
same file with the csv module alone, which is the floor any ingest must pay.

    .venv/bin/python benchmarks/ingest.py [--rows 1000000] [--postgres URL]

PostgreSQL is used when --postgres or HEADCOUNT_TEST_POSTGRES_URL names a server whose user
may create databases.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIVEN = ["Mohamed", "Muhammad", "Youssef", "Abdelkader", "Karim", "Omar", "Ali", "Hamza", "Ilyas"]
FAMILY = ["Benali", "Haddad", "Mansour", "Dupont", "Kadyrov", "Aliev", "Othmani", "Saidi", "Nasser"]
COUNTRIES = ["FRA", "BEL", "DEU", "TUN", "MAR", "RUS", "GBR", "Tunisie", "Belgique", "Allemagne"]


def write_rows(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "record_id",
                "given_name",
                "family_name",
                "birth_date",
                "citizenship",
                "departed_date",
                "killed_date",
                "killed_place",
                "reported_on",
            ]
        )
        for i in range(rows):
            killed = rng.random() < 0.3
            w.writerow(
                [
                    f"r{i}",
                    rng.choice(GIVEN),
                    rng.choice(FAMILY),
                    f"{rng.randint(1960, 2001)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(COUNTRIES),
                    f"{rng.randint(2012, 2016)}-{rng.randint(1, 12):02d}",
                    "2017-05" if killed else "",
                    "SYR:Raqqa" if killed else "",
                    "2018-01-15",
                ]
            )


def baseline(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
    return time.perf_counter() - start


def run_one(url: str, path: Path) -> None:
    """In a child process: init, ingest, print seconds and peak memory as JSON."""
    from headcount.ingest import ingest_path
    from headcount.storage import connect, upgrade

    store = connect(url)
    upgrade(store)
    start = time.perf_counter()
    reports = ingest_path(store, path, user="bench")
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    added = sum(r.records_added for r in reports)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "records": added}))


def measure(url: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", url, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def postgres_database(server: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text("DROP DATABASE IF EXISTS headcount_bench WITH (FORCE)"))
        c.execute(text("CREATE DATABASE headcount_bench"))
    return admin.url.set(database="headcount_bench").render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("HEADCOUNT_TEST_POSTGRES_URL"))
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        run_one(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.csv"
        write_rows(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        base = baseline(path)
        print(
            f"{args.rows:,} rows, {size_mb:.0f} MB; baseline (csv + hash only): "
            f"{args.rows / base:,.0f} rows/s"
        )
        targets = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite'}")]
        if args.postgres:
            targets.append(("PostgreSQL", postgres_database(args.postgres)))
        else:
            print("PostgreSQL: skipped (no --postgres or HEADCOUNT_TEST_POSTGRES_URL)")
        for name, url in targets:
            result = measure(url, path)
            rate = result["records"] / result["seconds"]
            print(
                f"{name}: {result['records']:,} records in {result['seconds']:.1f} s = "
                f"{rate:,.0f} rows/s ({base / result['seconds']:.2f}× the baseline's speed), "
                f"peak memory {result['peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
