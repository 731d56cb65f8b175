"""The parts of a parsed name: `NamePart` (its Latin forms, canonical keys, consonant
skeletons and weight), the sets comparison looks them up in (`PartSets`), and `ParsedName`.
How a name is split into parts is `names.parse`; how parts compare is `names.similarity`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from headcount.model.vocabulary import Property
from headcount.names.equivalence import is_listed

ROLE_WEIGHTS: dict[Property, float] = {
    Property.given_name: 1.0,
    Property.family_name: 1.0,
    Property.full_name: 1.0,
    Property.patronymic: 0.8,
    Property.kunya: 0.6,
    Property.nisba: 0.35,
}
"""How much a part of each role counts before its own weight (common names count less)."""
INITIAL_WEIGHT = 0.3

_UNDOUBLE = re.compile(r"(.)\1+")
"""A letter written twice or more (fuzzy matching also compares the form without)."""


@dataclass(frozen=True, slots=True, eq=False)
class NamePart:
    """One part of a name, as written and in the forms comparison uses.

    Parts compare by identity: a name may hold two equal parts (Husayn Muhammad Husayn),
    and the alignment must tell them apart.
    """

    text: str
    role: Property
    forms: tuple[str, ...]
    """Folded Latin spellings without spaces, best first (several for Arabic script)."""
    keys: tuple[str, ...]
    """Canonical keys (`equivalence.canonical`); a patronymic also has `bin_<key>`."""
    skeletons: tuple[str, ...]
    weight: float
    initial: bool = False
    country: str | None = None
    """For a nisba: the ISO 3166 alpha-3 country it names, if it names one."""
    sets: PartSets | None = field(default=None, repr=False)
    """The forms, keys and skeletons as sets, for fast comparison (filled by the parser)."""

    def lookup_sets(self) -> PartSets:
        """`sets`, computed here for a part that was built by hand."""
        return self.sets or PartSets.of(self.forms, self.keys, self.skeletons)


@dataclass(frozen=True, slots=True)
class PartSets:
    """A part's forms, keys and skeletons as sets, and the strings fuzzy matching compares."""

    forms: frozenset[str]
    keys: frozenset[str]
    skeletons: frozenset[str]
    fuzzy: tuple[str, ...]
    known: frozenset[str]
    """The keys that are names of the table (`equivalence.is_listed`)."""
    from_script: frozenset[str] = frozenset()
    """Skeletons read from Arabic letters (not from a Latin spelling)."""

    @classmethod
    def of(
        cls,
        forms: tuple[str, ...],
        keys: tuple[str, ...],
        skeletons: tuple[str, ...],
        from_script: tuple[str, ...] = (),
    ) -> PartSets:
        """The sets of a part; `from_script` are the skeletons read from Arabic letters."""
        plain = (*forms, keys[0].replace("_", ""))
        fuzzy = tuple(dict.fromkeys((*plain, *(_UNDOUBLE.sub(r"\1", f) for f in plain))))
        known = frozenset(k for k in keys if is_listed(k))
        sets = (frozenset(forms), frozenset(keys), frozenset(skeletons))
        return cls(*sets, fuzzy, known, frozenset(from_script))


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into parts, with the titles that were dropped."""

    original: str
    script: str | None
    parts: tuple[NamePart, ...]
    dropped: tuple[str, ...] = field(default=())

    def parts_with(self, role: Property) -> tuple[NamePart, ...]:
        """The parts that have this role (given_name, family_name, kunya, nisba, patronymic)."""
        return tuple(p for p in self.parts if p.role == role)

    @property
    def latin(self) -> str:
        """The name in Latin letters, one word per part (its first form)."""
        return " ".join(p.forms[0] for p in self.parts)
