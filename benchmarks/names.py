"""Name-matching benchmarks on real public data: the UN consolidated list and nomenklatura's pairs.

Run: `.venv/bin/python benchmarks/names.py [--quick] [--scale N]`. It prints figures; it writes
nothing. The data are read from `../shared/benchmarks/names/` (or `$HEADCOUNT_SHARED`),
never copied. The protocol (shared/benchmarks/names/README.md):

UN list, screening: half of the persons (a seeded shuffle) are stored by their primary name
in a `ScreeningIndex`; every alias and original-script name is screened (name only). A stored
person's query is found when the person is among the candidates at or above the screening
threshold (top 5). Queries are grouped: Arabic script, Cyrillic script, Latin aliases that
share a name part (a folded token other than a particle) with the primary name, and the
rest (wholly different names, which no string comparison can link). Every name of a person
not stored is a non-matching query: the false-match rate is the share that returns any
candidate at or above the threshold, over all of them and over those that share a token with
some stored name (the hard ones). An individual listed twice (same primary name and birth
dates) is one person: finding the other entry is not counted as a false match.

UN list, pairs (as the published baselines): primary name against each alias and original-
script name; non-matching pairs are aliases against the primary names of other persons, at
random and among persons sharing a token.

Baseline in the same script: lowercase + letter-by-letter folding of every script (what
unidecode does) + Jaro-Winkler ≥ 0.9 on the whole strings.

nomenklatura pairs: accuracy, precision, recall, F1 of `compare_names(...) >= threshold`,
for persons and for all schemas, per case group, and for the Arabic and Cyrillic pairs.

`--scale N` also times `ScreeningIndex` on N generated names (build and query latency).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import JaroWinkler

from headcount.linkage.screening import ScreeningIndex
from headcount.names.arabic import letter_reading
from headcount.names.compare import SCREENING_THRESHOLD, compare_names
from headcount.names.cyrillic import cyrillic_to_latin
from headcount.names.normalise import fold
from headcount.names.scripts import ARABIC, CYRILLIC, LATIN, MIXED, detect_script
from headcount.names.tables import particles

REPO = Path(__file__).resolve().parents[1]
SEED = 20240926
BASELINE_JW = 0.9


def shared_folder() -> Path:
    """The benchmark folder: $HEADCOUNT_SHARED/benchmarks/names or ../shared/benchmarks/names."""
    root = Path(os.environ.get("HEADCOUNT_SHARED", REPO.parent / "shared"))
    return root / "benchmarks" / "names"


def load_un(folder: Path) -> list[dict]:
    with (folder / "un_consolidated_persons_2024-09-26.json").open(encoding="utf-8") as f:
        return list(json.load(f)["persons"])


def baseline_fold(text: str) -> str:
    """Lowercase and every letter to Latin one by one (Arabic by its letters, Cyrillic by table)."""
    script = detect_script(text)
    if script in (ARABIC, MIXED):
        text = " ".join(
            letter_reading(w) if detect_script(w) == ARABIC else w for w in text.split()
        )
    if script in (CYRILLIC, MIXED):
        text = cyrillic_to_latin(text)
    return fold(text)


def baseline_score(a: str, b: str) -> float:
    return float(JaroWinkler.similarity(baseline_fold(a), baseline_fold(b)))


_STOP: frozenset[str] | None = None


def name_tokens(text: str) -> set[str]:
    """Folded tokens that are not particles or titles (for "shares a name part")."""
    global _STOP
    if _STOP is None:
        _STOP = frozenset().union(
            *(particles(k) for k in ("article", "nasab", "kunya", "honorific"))
        )
    return {t for t in baseline_fold(text).split() if t not in _STOP and len(t) > 1}


VARIANT_JW = 0.85


def is_spelling_variant(query: str, primary: str) -> bool:
    """A Latin alias that is the primary name spelt otherwise, shortened or reordered: it has
    two tokens or more, and every token of the shorter name has a counterpart in the longer
    with plain Jaro-Winkler >= 0.85 (a generic measure, not headcount's tables)."""
    q, p = name_tokens(query), name_tokens(primary)
    short, long_ = (q, p) if len(q) <= len(p) else (p, q)
    if len(short) < 2:
        return False
    return all(any(JaroWinkler.similarity(s, t) >= VARIANT_JW for t in long_) for s in short)


def categories(query: str, primary: str, quality: str | None) -> list[str]:
    """arabic_script, cyrillic_script, mixed_script; or for Latin aliases
    latin_shared_{good,low} / latin_other_{good,low}, plus latin_variant for spelling variants."""
    script = detect_script(query)
    if script == ARABIC:
        return ["arabic_script"]
    if script == CYRILLIC:
        return ["cyrillic_script"]
    if script == MIXED:
        return ["mixed_script"]
    shared = bool(name_tokens(query) & name_tokens(primary))
    q = (quality or "good").lower()
    out = [f"latin_{'shared' if shared else 'other'}_{q}"]
    if shared and is_spelling_variant(query, primary):
        out.append("latin_variant")
    return out


def queries_of(person: dict) -> list[tuple[str, str | None]]:
    """(name, alias quality) for every alias and the original-script name."""
    out: list[tuple[str, str | None]] = [(a["name"], a["quality"]) for a in person["aliases"]]
    if person["original_script"]:
        out.append((person["original_script"], None))
    return out


def birth_dates(person: dict) -> list[str]:
    out = []
    for d in person["dob"]:
        if d.get("date"):
            out.append(d["date"])
        elif d.get("year"):
            out.append(d["year"])
        elif d.get("from_year") and d.get("to_year"):
            out.append(f"{d['from_year']}/{d['to_year']}")
    return out


@dataclass
class Tally:
    """Hits over trials, per group."""

    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    trials: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, group: str, hit: bool) -> None:
        self.trials[group] += 1
        self.hits[group] += int(hit)

    def rate(self, group: str) -> float:
        return self.hits[group] / self.trials[group] if self.trials[group] else float("nan")

    def lines(self, label: str) -> list[str]:
        return [
            f"  {label:<9} {g:<24} {self.rate(g):6.3f}  ({self.hits[g]}/{self.trials[g]})"
            for g in sorted(self.trials)
        ]


def listed_twice(persons: list[dict]) -> dict[str, set[str]]:
    """Entries that are one individual listed twice (the same primary name and birth dates,
    as Hassan Dahir Aweys on two lists): finding the other entry is not a false match."""
    by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in persons:
        by_key[(fold(p["primary_name"]), json.dumps(p["dob"], sort_keys=True))].add(p["id"])
    return {pid: ids - {pid} for ids in by_key.values() if len(ids) > 1 for pid in ids}


def split_persons(persons: list[dict], seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Half stored, half not: a seeded shuffle of the persons sorted by id."""
    ordered = sorted(persons, key=lambda p: p["id"])
    random.Random(seed).shuffle(ordered)
    half = len(ordered) // 2
    return ordered[:half], ordered[half:]


def un_screening(persons: list[dict], seed: int = SEED) -> dict[str, Any]:
    """The screening protocol: recall per category, false-match rate on persons not stored.

    Also keeps, for the threshold sweep, the score of the true person for every query of a
    stored person (0 when not among the candidates) and the best score of any other person
    for every query of a person not stored."""
    stored, unstored = split_persons(persons, seed)
    index = ScreeningIndex()
    for p in stored:
        index.add(p["id"], [p["primary_name"]], birth_dates(p), p["nationality"])
    stored_tokens = set().union(*(name_tokens(p["primary_name"]) for p in stored))
    baseline_names = [(p["id"], baseline_fold(p["primary_name"])) for p in stored]

    def baseline_ids(name: str) -> set[str]:
        q = baseline_fold(name)
        return {pid for pid, n in baseline_names if JaroWinkler.similarity(q, n) >= BASELINE_JW}

    recall, top1, base_recall = Tally(), Tally(), Tally()
    true_scores: dict[str, list[float]] = defaultdict(list)
    false_scores: list[float] = []
    for p in stored:
        for query, quality in queries_of(p):
            found = index.screen(query)
            mine = max((c.score for c in found if c.person_id == p["id"]), default=0.0)
            hit = any(c.person_id == p["id"] and c.match for c in found)
            first = bool(found) and found[0].person_id == p["id"] and found[0].match
            base_hit = p["id"] in baseline_ids(query)
            for group in categories(query, p["primary_name"], quality):
                recall.add(group, hit)
                top1.add(group, first)
                base_recall.add(group, base_hit)
                true_scores[group].append(mine)
    twins = listed_twice(persons)
    false, base_false = Tally(), Tally()
    for p in unstored:
        same = twins.get(p["id"], set())
        for query in [p["primary_name"], *(q for q, _ in queries_of(p))]:
            groups = ["all"] + (["token_sharing"] if name_tokens(query) & stored_tokens else [])
            others = [c for c in index.screen(query) if c.person_id not in same]
            hit = any(c.match for c in others)
            false_scores.append(max((c.score for c in others), default=0.0))
            base_hit = bool(baseline_ids(query) - same)
            for g in groups:
                false.add(g, hit)
                base_false.add(g, base_hit)
    return {
        "recall": recall,
        "top1": top1,
        "baseline_recall": base_recall,
        "false_match": false,
        "baseline_false_match": base_false,
        "true_scores": true_scores,
        "false_scores": false_scores,
    }


SWEEP = (0.70, 0.75, 0.80, 0.85, 0.90)
SWEEP_GROUPS = ("arabic_script", "cyrillic_script", "latin_variant", "latin_shared_good")


def sweep(results: dict[str, Any], thresholds: Iterable[float] = SWEEP) -> list[str]:
    """Recall per group and false-match rate at other thresholds than the screening one."""
    lines = ["  threshold " + " ".join(f"{g:>18}" for g in SWEEP_GROUPS) + "   false-match"]
    false = results["false_scores"]
    for t in thresholds:
        rates = [
            sum(s >= t for s in results["true_scores"][g]) / len(results["true_scores"][g])
            for g in SWEEP_GROUPS
        ]
        fmr = sum(s >= t for s in false) / len(false)
        lines.append(f"  {t:9.2f} " + " ".join(f"{r:18.3f}" for r in rates) + f"   {fmr:11.4f}")
    return lines


SPLIT_GROUPS = (
    "arabic_script",
    "cyrillic_script",
    "latin_variant",
    "latin_shared_good",
    "latin_other_good",
)


def splits(persons: list[dict], seeds: Iterable[int]) -> list[str]:
    """The headline figures over several random halves, their mean and their worst: recall
    per group, and the false-match rate over all non-matching queries and over those sharing
    a token with a stored name."""
    seeds = list(seeds)
    rows = []
    for seed in seeds:
        r = un_screening(persons, seed)
        false = r["false_match"]
        rows.append(
            [r["recall"].rate(g) for g in SPLIT_GROUPS]
            + [false.rate("all"), false.rate("token_sharing")]
        )
    heads = [g.replace("_script", "").replace("latin_", "") for g in SPLIT_GROUPS]
    lines = ["  split     " + " ".join(f"{h:>13}" for h in heads) + "   false all  false shared"]

    def line(label: str, row: list[float]) -> str:
        recall = " ".join(f"{x:13.3f}" for x in row[:-2])
        return f"  {label:<9} {recall}   {row[-2]:9.4f}  {row[-1]:12.4f}"

    for seed, row in zip(seeds, rows, strict=True):
        lines.append(line(str(seed), row))
    columns = list(zip(*rows, strict=True))
    lines.append(line("mean", [statistics.mean(c) for c in columns]))
    worst = [min(c) for c in columns[:-2]] + [max(c) for c in columns[-2:]]
    lines.append(line("worst", worst))
    return lines


def un_pairs(persons: list[dict], score: Callable[[str, str], float], threshold: float) -> dict:
    """The pairwise protocol of the published baselines (primary vs alias; non-matching pairs).

    `latin_good` gathers every Latin alias of quality Good (the published baselines' group).
    Scores are kept for `pair_sweep`."""
    rng = random.Random(SEED)
    twins = listed_twice(persons)
    true_scores: dict[str, list[float]] = defaultdict(list)
    false_scores: dict[str, list[float]] = defaultdict(list)
    by_token: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(persons):
        for t in name_tokens(p["primary_name"]):
            by_token[t].append(k)
    for k, p in enumerate(persons):
        others = {k} | {n for n, q in enumerate(persons) if q["id"] in twins.get(p["id"], ())}
        for query, quality in queries_of(p):
            mine = score(query, p["primary_name"])
            groups = categories(query, p["primary_name"], quality)
            if groups[0].startswith("latin") and (quality or "").lower() == "good":
                groups.append("latin_good")
            for group in groups:
                true_scores[group].append(mine)
            other = rng.randrange(len(persons))
            if other not in others:
                false_scores["random"].append(score(query, persons[other]["primary_name"]))
            sharing = sorted({o for t in name_tokens(query) for o in by_token[t]} - others)
            if sharing:
                o = rng.choice(sharing)
                false_scores["token_sharing"].append(score(query, persons[o]["primary_name"]))
    recall, false = Tally(), Tally()
    for group, scores in true_scores.items():
        for s in scores:
            recall.add(group, s >= threshold)
    for kind, scores in false_scores.items():
        for s in scores:
            false.add(kind, s >= threshold)
    return {"recall": recall, "false_match": false, "true": true_scores, "false": false_scores}


PAIR_SWEEP = (0.70, 0.76, 0.80, 0.85)


def pair_sweep(results: dict[str, Any], thresholds: Iterable[float] = PAIR_SWEEP) -> list[str]:
    """Pairwise recall (Arabic script, all Good Latin aliases, spelling variants) and the
    token-sharing false-match rate at several thresholds."""
    groups = ("arabic_script", "latin_good", "latin_variant")
    lines = [
        "  threshold " + " ".join(f"{g:>16}" for g in groups) + "   false-match (token-sharing)"
    ]
    for t in thresholds:
        rates = [sum(s >= t for s in results["true"][g]) / len(results["true"][g]) for g in groups]
        fm = results["false"]["token_sharing"]
        lines.append(
            f"  {t:9.2f} "
            + " ".join(f"{r:16.3f}" for r in rates)
            + f"   {sum(s >= t for s in fm) / len(fm):.4f}"
        )
    return lines


def nomenklatura(folder: Path, score: Callable[[str, str], float], threshold: float) -> list[str]:
    """Accuracy, precision, recall and F1 on the labelled pairs, by subset."""
    with (folder / "nomenklatura_name_bench_cases.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for row in rows:
        truth = row["is_match"].strip().lower() == "true"
        said = score(row["name1"], row["name2"]) >= threshold
        scripts = {detect_script(row["name1"]), detect_script(row["name2"])}
        keys = ["all", f"schema {row['schema']}", f"group {row['case_group']}"]
        keys += [f"script {s}" for s in scripts if s not in (LATIN, None)]
        for key in keys:
            groups[key].append((truth, said))
    return [_confusion_line(k, groups[k]) for k in sorted(groups)]


def _confusion_line(label: str, pairs: list[tuple[bool, bool]]) -> str:
    tp = sum(t and s for t, s in pairs)
    fp = sum(s and not t for t, s in pairs)
    fn = sum(t and not s for t, s in pairs)
    tn = len(pairs) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else float("nan")
    return (
        f"  {label:<32} n={len(pairs):4d} acc={(tp + tn) / len(pairs):.3f} "
        f"prec={precision:.3f} rec={recall:.3f} f1={f1:.3f}"
    )


def readers_on_arabic(persons: list[dict]) -> list[str]:
    """Pairwise recall of Arabic-script originals read by each transliterator (as Latin text)."""
    from arabic_name_romanizer import transliterate

    readers: dict[str, Callable[[str], str]] = {
        "headcount (parts, 3 readings, skeleton)": lambda t: t,
        "arabic-name-romanizer top-1": lambda t: str(transliterate(t)),
        "own letter table": lambda t: " ".join(letter_reading(w) for w in t.split()),
    }
    try:
        import icu  # type: ignore[import-not-found]

        trans = icu.Transliterator.createInstance("Arabic-Latin; Latin-ASCII")
        readers["ICU Arabic-Latin"] = lambda t: str(trans.transliterate(t))
    except ImportError:
        pass
    pairs = [
        (p["original_script"], p["primary_name"])
        for p in persons
        if p["original_script"] and detect_script(p["original_script"]) == ARABIC
    ]
    lines = []
    for label, read in readers.items():
        hits = sum(compare_names(read(a), b).score >= SCREENING_THRESHOLD for a, b in pairs)
        lines.append(f"  {label:<42} {hits / len(pairs):.3f}  ({hits}/{len(pairs)})")
    return lines


def scale(n: int, queries: int = 200) -> list[str]:
    """Build and query times of a ScreeningIndex over n generated names."""
    from headcount.simulate.people import generated_people

    people = list(generated_people(n, seed=7))
    start = time.perf_counter()
    index = ScreeningIndex()
    for k, person in enumerate(people):
        index.add(f"p{k}", [person.name], [person.birth_date], [person.citizenship])
    index.build()
    built = time.perf_counter() - start
    rng = random.Random(3)
    times = []
    found = 0
    for k in rng.sample(range(n), min(queries, n)):
        person = people[k]
        t0 = time.perf_counter()
        candidates = index.screen(person.variant, birth_date=person.birth_date)
        times.append(time.perf_counter() - t0)
        found += any(c.person_id == f"p{k}" and c.match for c in candidates)
    times.sort()
    return [
        f"  {n} names: build {built:.1f} s; query median {statistics.median(times) * 1e3:.1f} ms, "
        f"p95 {times[int(0.95 * len(times)) - 1] * 1e3:.1f} ms, max {times[-1] * 1e3:.1f} ms; "
        f"variant found {found}/{len(times)}; peak memory {peak_memory_mb():.0f} MB",
    ]


def peak_memory_mb() -> float:
    """The process's peak resident memory (Linux reports kilobytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the pairwise UN protocol")
    parser.add_argument("--scale", type=int, default=0, help="time the index on N names")
    parser.add_argument("--splits", type=int, default=0, help="also run N other random halves")
    args = parser.parse_args(list(argv) if argv is not None else None)
    folder = shared_folder()
    if not folder.exists():
        sys.exit(f"no benchmark folder at {folder} (set HEADCOUNT_SHARED)")
    persons = load_un(folder)
    print(f"UN list: {len(persons)} persons; screening threshold {SCREENING_THRESHOLD}")
    t0 = time.perf_counter()
    results = un_screening(persons)
    print(f"Screening protocol ({time.perf_counter() - t0:.1f} s): recall (top 5, at threshold)")
    print("\n".join(results["recall"].lines("headcount")))
    print("\n".join(results["top1"].lines("top-1")))
    print("\n".join(results["baseline_recall"].lines("baseline")))
    print("False-match rate, queries of persons not stored")
    print("\n".join(results["false_match"].lines("headcount")))
    print("\n".join(results["baseline_false_match"].lines("baseline")))
    print("Threshold sweep (same split)")
    print("\n".join(sweep(results)))
    if args.splits:
        seeds = [SEED, *range(1, args.splits + 1)]
        print(f"Screening protocol over {len(seeds)} random halves")
        print("\n".join(splits(persons, seeds)))
    if not args.quick:
        ours = un_pairs(persons, lambda a, b: compare_names(a, b).score, SCREENING_THRESHOLD)
        base = un_pairs(persons, baseline_score, BASELINE_JW)
        print("Pairwise protocol (as the published baselines): recall")
        print("\n".join(ours["recall"].lines("headcount")))
        print("\n".join(base["recall"].lines("baseline")))
        print("Pairwise false-match rate")
        print("\n".join(ours["false_match"].lines("headcount")))
        print("\n".join(base["false_match"].lines("baseline")))
        print("Pairwise threshold sweep (headcount)")
        print("\n".join(pair_sweep(ours)))
        print("Arabic-script originals by transliterator (pairwise recall at threshold)")
        print("\n".join(readers_on_arabic(persons)))
    print(f"nomenklatura pairs, headcount at {SCREENING_THRESHOLD}")
    print(
        "\n".join(nomenklatura(folder, lambda a, b: compare_names(a, b).score, SCREENING_THRESHOLD))
    )
    print(f"nomenklatura pairs, baseline Jaro-Winkler at {BASELINE_JW}")
    print("\n".join(nomenklatura(folder, baseline_score, BASELINE_JW)))
    if args.scale:
        print("Screening index at scale (generated names)")
        print("\n".join(scale(args.scale)))


if __name__ == "__main__":
    main()
