"""Name features: the columns Splink compares, in plain SQL on DuckDB."""

from __future__ import annotations

import ast
from importlib import resources

import duckdb
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from headcount.names.features import (
    FEATURE_MODULES,
    NAME_FEATURE_COLUMNS,
    blocking_keys,
    features_version,
    name_features,
)
from headcount.names.parse import parse_name

RECORDS = [
    ("r1", ["Youssef Abdelkader"]),
    ("r2", ["يوسف عبد القادر"]),
    ("r3", ["Yusuf Abd al-Qadir", "Abu Hamza al-Faransi"]),
    ("r4", ["Magomed Abdurakhmanov"]),
    ("r5", ["Мухаммад Абдурахманов"]),
    ("r6", ["Jean Dupont"]),
]


def frame() -> pd.DataFrame:
    return pd.DataFrame([{"unique_id": rid, **name_features(names)} for rid, names in RECORDS])


def test_columns() -> None:
    features = name_features(["Abu Hamza al-Faransi", "Mohamed Abdel Kader", "محمد عبد القادر"])
    assert tuple(features) == NAME_FEATURE_COLUMNS
    assert features["kunya"] == ["abu_hamza"]
    assert features["nisba"] == ["faransi"] and features["nisba_country"] == ["FRA"]
    assert features["name_canonical"] is None  # the first name is a kunya and a nisba only
    assert features["name_tokens"] == ["abd_qadir", "muhammad"]
    first = name_features(["Mohamed Abdel Kader Hassan"])
    assert first["name_canonical"] == "muhammad abd_qadir hasan"
    assert first["name_sorted"] == "abd_qadir hasan muhammad"


def test_columns_do_not_depend_on_the_order_of_aliases() -> None:
    a = name_features(["Youssef Abdelkader", "Abu Hamza"])
    b = name_features(["Abu Hamza", "Youssef Abdelkader"])
    for column in ("name_tokens", "name_skeletons", "name_phonetic", "kunya", "nisba"):
        assert a[column] == b[column]


def test_glued_and_split_names_share_a_blocking_key() -> None:
    assert blocking_keys(parse_name("Wiji Joko Santoso")) & blocking_keys(parse_name("Wijijoko"))


def test_plain_duckdb_sql_compares_across_scripts() -> None:
    data = frame()  # noqa: F841 (read by DuckDB's replacement scan)
    rows = duckdb.sql(
        """
        select l.unique_id as l, r.unique_id as r,
               len(list_intersect(l.name_tokens, r.name_tokens)) as shared,
               jaro_winkler_similarity(l.name_sorted, r.name_sorted) as jw
        from data l join data r on l.unique_id < r.unique_id
        where len(list_intersect(l.name_phonetic, r.name_phonetic)) > 0
        order by l, r
        """
    ).fetchall()
    pairs = {(lhs, rhs): (shared, jw) for lhs, rhs, shared, jw in rows}
    assert pairs[("r1", "r2")] == (2, 1.0)
    assert pairs[("r4", "r5")] == (2, 1.0)
    assert not any("r6" in pair for pair in pairs)


def test_splink_links_across_scripts_with_these_columns() -> None:
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("name_phonetic", arrays_to_explode=["name_phonetic"])
        ],
        comparisons=[
            cl.ArrayIntersectAtSizes("name_tokens", [2, 1]),
            cl.JaroWinklerAtThresholds("name_sorted", [0.9, 0.8]),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame()), settings)
    pairs = linker.inference.predict().as_pandas_dataframe()
    linked = {tuple(sorted(p)) for p in zip(pairs.unique_id_l, pairs.unique_id_r, strict=True)}
    assert {("r1", "r2"), ("r1", "r3"), ("r2", "r3"), ("r4", "r5")} <= linked
    assert not any("r6" in pair for pair in linked)


def test_the_features_version_covers_every_module_parsing_imports() -> None:
    """The cache of features is keyed by a digest of `FEATURE_MODULES`: a module they import
    and the digest leaves out could change the features without changing the version."""
    package = resources.files("headcount.names")
    imported: set[str] = set()
    for name in FEATURE_MODULES:
        tree = ast.parse((package / f"{name}.py").read_text("utf-8"))
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    ours = {m for m in imported if m.startswith("headcount")}
    covered = {f"headcount.names.{m}" for m in FEATURE_MODULES} | {"headcount.model.vocabulary"}
    assert ours <= covered, f"not in the features version: {sorted(ours - covered)}"
    version = features_version()
    assert len(version) == 20 and int(version, 16) >= 0
