"""Arabic-script names (Arabic, Persian, Urdu, Pashto): parts, Latin readings and skeletons.

Three sources of Latin, used together because each fails differently:

1. `data/arabic_parts.csv`, our own dictionary of name parts the romanizer reads badly;
2. `arabic-name-romanizer` (dictionary of ~60k attested Wikidata spellings, then a small
   offline ONNX model): the three likeliest real-world spellings of each part;
3. the letter table `data/arabic_letters.csv`, which gives the part's consonant skeleton
   straight from the script. Arabic writes the consonants and leaves out short vowels, so
   this skeleton does not depend on any guess about vowels: أنوري has skeleton `anr` whether
   the romanizer says Anwari or Inouri.

Splitting into parts is ours (the romanizer's own units are close but not the same): عبد +
the next word is one part (عبد الرحمن: Abd al-Rahman), a word + الدين or الله is one part
(نور الدين, فيض الله), أبو/أم + the next part is a kunya, بن/ابن/بنت/ولد + the next part a
nasab, and titles (شيخ, حاجي, ملا, مولوي …) are dropped.

Invariant: `arabic_parts` returns at least one Latin reading for every part, and all its
Latin strings are folded (lowercase ASCII, no spaces).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from typing import Any

from headcount.names.normalise import fold
from headcount.names.tables import particles, read_table

_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")
_UNIFY = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ہ": "ه", "ۃ": "ة"}
)
_GLUE_AFTER = ("الدين", "الله")
_ARTICLES = frozenset(particles("article"))
MAX_READINGS = 3
"""Latin readings kept per part (the romanizer's ranked candidates)."""


def normalise_arabic(text: str) -> str:
    """Without vowel marks and tatweel, with one form of alef, ya and kaf (and presentation
    forms such as ﻤﺣﻤﺩ read as the letters they show)."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_UNIFY)


@dataclass(frozen=True)
class ArabicPart:
    """One name part as written in Arabic script, with what the parser learnt about it."""

    text: str
    core: str
    kind: str
    """`plain`, `kunya` (core is the child's name) or `nasab` (core is the father's name)."""
    article: bool


def has_article(core: str) -> bool:
    """Whether a part starts with the article ال: a bare alef and lam (إلياس, Ilyas, starts
    with an alef with hamza, and Allah, الله, is a name, not an article)."""
    bare = _MARKS.sub("", unicodedata.normalize("NFKC", core))
    return bare.startswith("ال") and not normalise_arabic(bare).startswith("الله")


def _unified(kind: str) -> frozenset[str]:
    return frozenset(normalise_arabic(w) for w in particles(kind, "arabic"))


def _read_core(words: list[str], i: int) -> tuple[str, int]:
    """One part's text from words[i] (Abd + next; X + al-Din/Allah), and the next index."""
    word = words[i]
    j = i + 1
    if normalise_arabic(word) == "عبد" and j < len(words):
        word, j = f"{word} {words[j]}", j + 1
    elif normalise_arabic(word) == "ال" and j < len(words):
        word, j = f"{word}{words[j]}", j + 1
    if j < len(words) and normalise_arabic(words[j]) in _GLUE_AFTER:
        word, j = f"{word} {words[j]}", j + 1
    return word, j


def split_parts(text: str) -> list[ArabicPart]:
    """The parts of an Arabic-script name, titles dropped; see the module doc.

    A part's text keeps its letters as written (Persian ی and ک too, which tell the romanizer
    that the name is Persian or Pashto); only vowel marks and tatweel are removed.
    """
    original = _MARKS.sub("", unicodedata.normalize("NFKC", text)).split()
    words = list(original)
    honorific, kunya, nasab = _unified("honorific"), _unified("kunya"), _unified("nasab")
    parts: list[ArabicPart] = []
    i = 0
    while i < len(words):
        start, key = i, normalise_arabic(words[i])
        if key in honorific and len(words) > 1:
            i += 1
            continue
        kind = "plain"
        if key in kunya and i + 1 < len(words):
            kind, i = "kunya", i + 1
        elif key in nasab and i + 1 < len(words):
            kind, i = "nasab", i + 1
        elif key.startswith("ابو") and len(key) > 4:
            kind, words[i] = "kunya", words[i][3:]
        core, i = _read_core(words, i)
        article = has_article(core)
        parts.append(ArabicPart(" ".join(original[start:i]), core, kind, article))
    return parts


@cache
def _letters() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Letter → (plain Latin reading, skeleton classes)."""
    return {
        row["letter"]: (row["latin"], tuple(row["skeleton"].split()) or ("",))
        for row in read_table("arabic_letters.csv")
    }


def _strip_articles(core: str) -> str:
    """The core without its articles: الرحمن → رحمن, عبدالرحمن → عبدرحمن."""
    words = [w[2:] if has_article(w) and len(w) > 3 else w for w in core.split()]
    glued = normalise_arabic("".join(words))
    glued = re.sub(r"^عبدال(?=..)", "عبد", glued)
    return re.sub(r"(?<=..)ال(دين|له)$", r"\1", glued)


def arabic_skeletons(core: str, limit: int = 4) -> tuple[str, ...]:
    """The consonant skeletons of a part written in Arabic script (several when a letter is
    read two ways), comparable with `equivalence.skeleton` of its Latin spellings."""
    letters = _letters()
    word = _strip_articles(core)
    word = re.sub("ه$", "", word) if len(word) > 2 else word
    if not word:
        return ()
    first_latin, first_classes = letters.get(word[0], ("", ("",)))
    if first_classes == ("",):
        first_classes = (first_latin if first_latin in ("w", "y") else "a",)
    head = first_classes
    options = [head] + [letters.get(c, ("", ("",)))[1] for c in word[1:]]
    out: list[str] = []
    for combo in product(*options):
        classes = [c for c in combo if c]
        collapsed = "".join(c for k, c in enumerate(classes) if k == 0 or c != classes[k - 1])
        if collapsed not in out:
            out.append(collapsed)
        if len(out) >= limit:
            break
    return tuple(out)


def letter_reading(core: str) -> str:
    """A plain letter-by-letter Latin reading (consonants and long vowels), folded."""
    letters = _letters()
    word = _strip_articles(core)
    return fold("".join(letters.get(c, ("", ()))[0] for c in word)).replace(" ", "")


@cache
def own_dictionary() -> dict[str, tuple[str, ...]]:
    """`data/arabic_parts.csv`: Arabic part (normalised) → Latin spellings, best first."""
    return {
        normalise_arabic(row["arabic"]): tuple(row["latin"].split())
        for row in read_table("arabic_parts.csv")
    }


@cache
def _romanizer() -> Any:
    """The `arabic_name_romanizer` transliterator, loaded on first use (its model takes ~0.3 s)."""
    from arabic_name_romanizer import Transliterator

    return Transliterator()


def _glue_reading(text: str, article: bool) -> str:
    """A romanizer candidate as one folded token, without the leading article the Arabic has
    (El-Sayed, Elsisi and Essaadi give sayed, sisi and saadi)."""
    words = fold(text).split()
    while article and len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    glued = "".join(words)
    if article and len(glued) > 4 and glued[:2] in ("al", "el"):
        return glued[2:]
    if article and len(glued) > 4 and glued[0] in "ae" and glued[1] == glued[2] != "l":
        return glued[2:]
    return glued


@lru_cache(maxsize=100_000)
def romanize_part(core: str) -> tuple[str, ...]:
    """Folded Latin readings of one part, best first: our dictionary, then the romanizer, then
    the letter table when neither has anything."""
    article = has_article(core)
    key = normalise_arabic(core)
    readings: list[str] = list(own_dictionary().get(key, ()))
    if not readings or len(readings) < MAX_READINGS:
        candidates = _romanizer().transliterate(core, top_k=MAX_READINGS)
        readings += [_glue_reading(c.text, article) for c in candidates]
    letters = letter_reading(core)
    # the romanizer's whole-name dictionary sometimes answers with a longer name it has seen
    readings = [r for r in dict.fromkeys(readings) if r and len(r) <= 2 * len(letters) + 4]
    return tuple(readings[:MAX_READINGS]) or (letters or "x",)
