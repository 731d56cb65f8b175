"""Name features for Splink: columns that plain SQL can compare on DuckDB and on Spark.

Splink compares columns with SQL functions (exact equality, Jaro-Winkler, array
intersection); it has no transliteration or alias handling. So the work is done here, once
per record, and Splink sees only strings and arrays of strings. `name_features(names)` turns
all the names of one record (in any script, aliases included) into these columns:

| column             | type          | what it holds                                          |
|--------------------|---------------|--------------------------------------------------------|
| `name_latin`       | string        | the first name read in Latin letters, folded           |
| `name_canonical`   | string        | its canonical parts in order (`muhammad tahir anwari`) |
| `name_sorted`      | string        | the same parts sorted: order-free exact or JW          |
| `name_tokens`      | array<string> | canonical parts of every name (no kunya, no nisba)     |
| `name_skeletons`   | array<string> | their consonant skeletons                              |
| `name_phonetic`    | array<string> | their phonetic keys (blocking)                         |
| `kunya`            | array<string> | canonical kunyas (`abu_hamza`)                         |
| `nisba`            | array<string> | canonical nisbas (`faransi`)                           |
| `nisba_country`    | array<string> | ISO 3166 alpha-3 codes the nisbas name                 |

Use `name_tokens`/`name_skeletons` with `ArrayIntersectAtSizes` (and in blocking rules on
`name_phonetic` via array intersection or an exploded key table), `name_sorted` with
`JaroWinklerAtThresholds`, and `kunya`/`nisba` as their own weak comparisons: a shared kunya
or nisba is evidence, never a match key on its own (DESIGN, "Matching names"). Arrays are
sorted and free of duplicates, so equal name sets give equal arrays.

`blocking_keys(parsed)` gives the prefixed keys (`k:` canonical, `s:` skeleton, `p:`
phonetic) the screening index files a name under.

`features_version()` names the code and tables the columns are computed from (a digest of
them), so that a store's cache of features (`linkage.namecache`) is refilled exactly when
parsing changes, and not when only the comparison of names does.

Invariant: the columns depend only on the set of names, not on their order, except the
`name_latin`/`name_canonical`/`name_sorted` columns, which describe the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import metadata, resources
from itertools import pairwise
from typing import Any

from headcount.model.vocabulary import Property
from headcount.names.equivalence import phonetic_key, skeleton
from headcount.names.parse import parse_names
from headcount.names.parts import NamePart, ParsedName

NAME_FEATURE_COLUMNS: tuple[str, ...] = (
    "name_latin",
    "name_canonical",
    "name_sorted",
    "name_tokens",
    "name_skeletons",
    "name_phonetic",
    "kunya",
    "nisba",
    "nisba_country",
)
_WEAK = frozenset({Property.kunya, Property.nisba})

FEATURE_MODULES = (
    "features",
    "parse",
    "parts",
    "arabic",
    "cyrillic",
    "equivalence",
    "normalise",
    "scripts",
    "tables",
)
"""The modules of `headcount.names` the columns are computed with (a test checks that they
import no other module of headcount but the vocabulary)."""


@cache
def features_version() -> str:
    """A digest of everything `name_features` depends on: the code of `FEATURE_MODULES`, the
    vocabulary, the name tables and the romanizer's version. Not a hand-kept number, which a
    change to parsing could forget to raise, leaving stale features in a store's cache."""
    digest = hashlib.sha256()
    package = resources.files("headcount.names")
    files = [package / f"{name}.py" for name in FEATURE_MODULES]
    files.append(resources.files("headcount.model") / "vocabulary.py")
    files += sorted(
        (f for f in (package / "data").iterdir() if f.name.endswith(".csv")), key=lambda f: f.name
    )
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    digest.update(metadata.version("arabic-name-romanizer").encode())
    return digest.hexdigest()[:20]


def _plain(parsed: ParsedName) -> list[NamePart]:
    return [p for p in parsed.parts if p.role not in _WEAK and not p.initial]


def blocking_keys(parsed: ParsedName) -> set[str]:
    """The keys a name is filed under: canonical parts, skeletons (also of two adjacent parts
    glued, so that Wiji Joko meets Wijijoko) and phonetic keys."""
    keys: set[str] = set()
    for part in parsed.parts:
        if part.initial:
            continue
        keys.update(f"k:{k}" for k in part.keys if not k.startswith("bin_"))
        keys.update(f"s:{s}" for s in part.skeletons if len(s) >= 2)
        keys.update(f"p:{phonetic_key(k)}" for k in part.keys[:2] if not k.startswith("bin_"))
    plain = _plain(parsed)
    for a, b in pairwise(plain):
        keys.add(f"s:{skeleton(a.forms[0] + b.forms[0])}")
    return keys


def name_features(names: Iterable[str]) -> dict[str, Any]:
    """The Splink columns of one record's names (see the table in the module doc)."""
    parsed = [p for name in names for p in parse_names(name)]
    tokens: set[str] = set()
    skeletons: set[str] = set()
    phonetic: set[str] = set()
    kunyas: set[str] = set()
    nisbas: set[str] = set()
    countries: set[str] = set()
    for name in parsed:
        for part in name.parts:
            if part.role == Property.kunya:
                kunyas.add(part.keys[0])
            elif part.role == Property.nisba:
                nisbas.add(part.keys[0])
                countries.update([part.country] if part.country else [])
            elif not part.initial:
                tokens.add(part.keys[0])
                skeletons.update(part.skeletons)
                phonetic.add(phonetic_key(part.keys[0]))
    first = parsed[0] if parsed else None
    canonical = [p.keys[0] for p in _plain(first)] if first else []
    return {
        "name_latin": first.latin if first else None,
        "name_canonical": " ".join(canonical) or None,
        "name_sorted": " ".join(sorted(canonical)) or None,
        "name_tokens": sorted(tokens),
        "name_skeletons": sorted(skeletons),
        "name_phonetic": sorted(phonetic),
        "kunya": sorted(kunyas),
        "nisba": sorted(nisbas),
        "nisba_country": sorted(countries),
    }
