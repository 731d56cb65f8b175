"""Packages that import their parts on first use (PEP 562).

`headcount.estimation` pulls in Numba, `headcount.linkage` Splink and DuckDB, accounting
both; a package `__init__` that imported them eagerly would make `headcount --help`, and any
module that needs one constant of a package, wait seconds for libraries it never calls. A
package lists where each exported name lives; the submodule is imported when the name is
first read. The package keeps the same imports under `TYPE_CHECKING` for type checkers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def exports(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` that imports each name of `where` (name →
    submodule, relative to the package) from its submodule when it is first read."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{where[name]}"), name)

    return __getattr__
