"""The UN list benchmark (real public data, read from the shared folder, never copied).

Asserts the targets: recall >= 0.85 for Arabic-script names and >= 0.80 for Latin spelling
variants, false-match rate <= 1% for queries of persons not stored (screening protocol of
benchmarks/names.py). Skipped when the shared folder is absent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import need

REPO = Path(__file__).resolve().parents[2]


def benchmark_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("names_benchmark", REPO / "benchmarks/names.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results() -> dict:
    bench = benchmark_module()
    folder = bench.shared_folder()
    if not (folder / "un_consolidated_persons_2024-09-26.json").exists():
        need(f"the UN benchmark is not at {folder} (set HEADCOUNT_SHARED)")
    return bench.un_screening(bench.load_un(folder))  # type: ignore[no-any-return]


def test_arabic_script_recall(results: dict) -> None:
    assert results["recall"].rate("arabic_script") >= 0.85


def test_latin_spelling_variant_recall(results: dict) -> None:
    assert results["recall"].rate("latin_variant") >= 0.80


def test_false_match_rate(results: dict) -> None:
    assert results["false_match"].rate("all") <= 0.01


def test_better_than_the_plain_baseline(results: dict) -> None:
    for group in ("arabic_script", "latin_variant", "latin_shared_good"):
        assert results["recall"].rate(group) > results["baseline_recall"].rate(group)
    assert results["false_match"].rate("all") < results["baseline_false_match"].rate("all")
