"""How alike two parts of names are: a similarity in [0, 1] and the rule that gave it.

The rules, first that holds (the figures are in docs/methodology/names.md): **exact** (a
Latin form in common) 1.0; **equivalent** (a canonical key in common: Mohamed/Muhammad)
0.95; **skeleton** (a consonant skeleton in common, three letters or more) 0.85, two letters
0.7; **fuzzy** (similarity s ≥ 0.8 between forms or keys, by an edit distance where a vowel
or the h of a digraph costs ½: `_distance`) s^1.5; for parts left over, **short form** (a
compound and its everyday short form: Basir, Abd al-Basir; Nur, Nur al-Din) 0.8 and
**prefix** (one part starts the other: Akhund, Akhundzada) 0.7; **initial** (an initial and
a part it begins) 0.6. A nisba is compared only with a nisba, and two different names of
the table (Omar, Amir; Hasan, Husayn) score 0 however alike they look.

How whole names are compared from these is `names.compare`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import Levenshtein

from headcount.model.vocabulary import Property
from headcount.names.parts import NamePart

EXACT, EQUIVALENT, SKELETON, FUZZY, PREFIX, SHORT_FORM, INITIAL, GLUED = (
    "exact",
    "equivalent",
    "skeleton",
    "fuzzy",
    "prefix",
    "short form",
    "initial",
    "glued",
)  # fmt: skip  (the names beside their strings, one line)
RULE_SCORES = {EXACT: 1.0, EQUIVALENT: 0.95, SKELETON: 0.85}
SHORT_SKELETON_SCORE = 0.70
INITIAL_SCORE = 0.60
PREFIX_SCORE = 0.70
SHORT_FORM_SCORE = 0.80
FUZZY_FLOOR = 0.80
FUZZY_POWER = 1.5


def _fuzzy(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    """The best similarity between two parts' forms and keys (0 when below `FUZZY_FLOOR`):
    one minus their edit distance over the longer length, where a change of vowel costs half
    a change of consonant (`_distance`)."""
    best = max(_similarity(x, y) for x, y in product(left, right))
    return best if best >= FUZZY_FLOOR - 1e-9 else 0.0


_VOWEL_CLASS = str.maketrans("eiouwy", "aaaaaa")
_DIGRAPH_H = re.compile(r"(?<=[bcdgkpstz])h")
VOWEL_MIN_LENGTH = 4
"""Parts shorter than this pay full price for a vowel: in Min and Mun the vowel is the name."""


@lru_cache(maxsize=200_000)
def _similarity(x: str, y: str) -> float:
    """1 − `_distance` / the longer length (0 for two empty strings)."""
    longest = max(len(x), len(y))
    return 1.0 - _distance(x, y) / longest if longest else 0.0


def _distance(x: str, y: str) -> float:
    """Edit distance where the changes transliterations make most cost ½: a vowel written as
    another (w and y count as vowels: Awlaqi, Aulaqi), since Arabic script does not write
    short vowels (Sha'ir, Shaer; Helal, Helel; Imad, Imed); and an h after a consonant, which
    only marks a digraph that one habit writes and another does not (Khawa, Kawa; Pershada,
    Persadha). Any other change costs 1, and so does every change in a part of fewer than
    `VOWEL_MIN_LENGTH` letters. Computed as the mean of the plain distance and the distance
    between the spellings with every vowel the same letter and those h dropped, never more
    than the plain distance."""
    full = Levenshtein.distance(x, y)
    if full == 0 or min(len(x), len(y)) < VOWEL_MIN_LENGTH:
        return float(full)
    classes = Levenshtein.distance(_soft(x), _soft(y))
    return min(full, (full + classes) / 2)


def _soft(form: str) -> str:
    """A form with its vowels one letter and the h of its digraphs dropped."""
    return _DIGRAPH_H.sub("", form).translate(_VOWEL_CLASS)


def consonants(skeleton: str) -> int:
    """Consonants in a skeleton (its first letter `a` only marks a vowel start)."""
    return len(skeleton) - (skeleton[:1] == "a")


def part_similarity(a: NamePart, b: NamePart, prefix: bool = True) -> tuple[float, str]:
    """The similarity of two parts and the rule that gave it (see the module doc)."""
    if (a.role == Property.nisba) != (b.role == Property.nisba):
        return 0.0, ""
    sa, sb = a.lookup_sets(), b.lookup_sets()
    if not sa.forms.isdisjoint(sb.forms):
        return RULE_SCORES[EXACT], EXACT
    if a.initial or b.initial:
        full = b if a.initial else a
        letter = (a if a.initial else b).forms[0]
        hit = any(f.startswith(letter) for f in full.forms)
        return (INITIAL_SCORE, INITIAL) if hit else (0.0, "")
    if not sa.keys.isdisjoint(sb.keys):
        return RULE_SCORES[EQUIVALENT], EQUIVALENT
    if prefix and _short_form(sa.keys, sb.keys):
        return SHORT_FORM_SCORE, SHORT_FORM
    shared = sa.skeletons & sb.skeletons
    read = (sa.from_script | sb.from_script) & shared
    if sa.known and sb.known and not any(consonants(s) >= 3 for s in read):
        # two different names of the table (Omar, Amir), however alike, unless the Arabic
        # letters themselves say they are one (صالح written Salah rather than Saleh)
        return 0.0, ""
    skeleton_score = 0.0
    if shared:
        letters = max(consonants(s) for s in shared)
        skeleton_score = RULE_SCORES[SKELETON] if letters >= 3 else SHORT_SKELETON_SCORE
        skeleton_score = skeleton_score if letters >= 2 else 0.0
    fuzzy = _fuzzy(sa.fuzzy, sb.fuzzy)
    fuzzy_score = fuzzy**FUZZY_POWER if fuzzy > 0 else 0.0
    if skeleton_score >= fuzzy_score and skeleton_score > 0:
        return skeleton_score, SKELETON
    if fuzzy_score > 0:
        return fuzzy_score, FUZZY
    return (PREFIX_SCORE, PREFIX) if prefix and _shortened(sa.fuzzy, sb.fuzzy) else (0.0, "")


def _shortened(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Whether one part is the start of the other, of five letters or more and at least half
    its length (Akhund for Akhundzada, Shafiq for Shafiqullah)."""
    for x, y in product(left, right):
        short, long_ = (x, y) if len(x) <= len(y) else (y, x)
        if len(short) >= 5 and 2 * len(short) >= len(long_) and long_.startswith(short):
            return True
    return False


def _short_form(left: frozenset[str], right: frozenset[str]) -> bool:
    """Whether one part is the everyday short form of the other's compound: the name alone
    for Abd + a name of God (Basir, Abd al-Basir) or a bare Abd (Abdo, Abd al-Rahim), and the
    head of a name + al-Din or + Allah (Nur, Nur al-Din)."""
    for x, y in product(left, right):
        for long, short in ((x, y), (y, x)):
            head, _, tail = long.partition("_")
            if head == "abd" and tail and short in (tail, "abd"):
                return True
            if tail in ("din", "allah") and short == head:
                return True
    return False
