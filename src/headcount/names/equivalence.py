"""Name-part equivalence: canonical parts, consonant skeletons and phonetic keys.

Three keys per name part, from strict to loose, so that transliteration variants meet:

- `canonical(token)`: the part's canonical spelling from `data/name_parts.csv` (Mohamed,
  Mohammed, Mehmet, Magomed → `muhammad`), with compound parts built by rule: Abd + one of
  the names of God (Abdelkader, Abd al-Qadir, Abdulkadir → `abd_qadir`), Abu + a name
  (Aboubakar → `abu_bakr`), Ben + a name (Benali → `bin_ali`), a name + al-Din
  (Noureddine, Nur al-Din → `nur_din`), a name + Allah (Faizullah, Fayz Allah → `fayiz_allah`).
  An unknown token is its own canonical.
- `skeleton(key)`: the consonants after the spelling rules that transliteration habits
  disagree on (ou/u, q/k/g, dj/j/zh, kh/h/x, sh/ch/sch/sy, th/s, dh/d, ph/f, p/b; vowels, w and
  y dropped after the first letter; doubled letters once; a first vowel is `a`). Youssef,
  Yusuf and Iusuf share `ysf`; Abderrahmane and Abdurrahman share `abdrhmn`.
- `phonetic_key(key)`: the skeleton with near consonants merged (d/t, s/z/sh, b/f/v) and cut
  to four letters: a blocking key that lets variants the skeleton still separates meet.

The rules are hand-written: general phonetic codes (Soundex, Metaphone, NYSIIS) are built for
English spelling and split what Arabic-name transliterations join (Khalid/Halid, Qasim/Kacem).

Invariants: every function here is pure and deterministic; `skeleton` and `phonetic_key`
return lowercase ASCII letters only; `canonical` of a canonical is itself.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from headcount.names.tables import part_table, particles

_VOWELS = frozenset("aeiou")

_ABD_INFIXES: tuple[str, ...] = (
    "oul",
    "our",
    "ous",
    "oush",
    "ush",
    "esh",
    "ash",
    "udh",
    "adh",
    "ul",
    "el",
    "al",
    "ol",
    "il",
    "ur",
    "er",
    "ar",
    "us",
    "es",
    "as",
    "un",
    "en",
    "an",
    "ut",
    "et",
    "at",
    "uz",
    "ez",
    "az",
    "ud",
    "ed",
    "ad",
    "ou",
    "u",
    "e",
    "a",
    "o",
    "i",
    "",
)
"""What may stand between Abd and the name that follows it (the article, assimilated or not)."""

_ABU_PREFIXES = ("abou", "aboo", "abu", "abo", "bou", "bu")
_BIN_PREFIXES = ("ben", "bin", "ibn", "ould")
_ALLAH_SUFFIXES = ("ullah", "ulloh", "allah", "ollah", "illah", "ellah", "ulla", "ullo", "alla")
_DIN_SUFFIXES = (
    "uddeen",
    "addeen",
    "eldine",
    "aldine",
    "uldine",
    "eldeen",
    "aldeen",
    "eddine",
    "uddin",
    "eddin",
    "addin",
    "iddin",
    "oddin",
    "aldin",
    "eldin",
    "uldin",
    "edine",
    "ddine",
    "udin",
    "edin",
    "adin",
    "ddin",
)
_DIN_BARE = ("deen", "dine", "din")

_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("sch", "X"),
    ("tch", "X"),
    ("dzh", "J"),
    ("dsh", "J"),
    ("sh", "X"),
    ("ch", "X"),
    ("zh", "J"),
    ("dj", "J"),
    ("kh", "H"),
    ("gh", "K"),
    ("th", "S"),
    ("dh", "D"),
    ("ph", "F"),
    ("ck", "K"),
)
_LETTERS = {"q": "k", "g": "k", "c": "k", "x": "h", "p": "b"}
_PHONETIC = str.maketrans({"d": "t", "z": "s", "x": "s", "f": "b", "v": "b"})


def lookup(token: str) -> str | None:
    """The canonical part a spelling is listed under in `data/name_parts.csv`, if any."""
    table = part_table().canonical
    if token in table:
        return table[token]
    undoubled = re.sub(r"(.)\1+", r"\1", token)
    return table.get(undoubled)


_DOUBLED = re.compile(r"(.)\1+")
_LONG_VOWELS = (("ee", "i"), ("ii", "i"), ("oo", "u"), ("ou", "u"), ("uu", "u"), ("aa", "a"))


def name_of_god(token: str) -> str | None:
    """The name of God (`after_abd` in particles.csv) a token spells, also with its long
    vowels written ee, oo or ou or a letter doubled or not (Baseer, Mateen, Ghafour, Qahar
    for Basir, Matin, Ghafur, Qahhar)."""
    if token in particles("after_abd"):
        return token
    for long, short in _LONG_VOWELS:
        token = token.replace(long, short)
    return _names_of_god().get(_DOUBLED.sub(r"\1", token))


@cache
def _names_of_god() -> dict[str, str]:
    """The names of God by their spelling with no letter doubled."""
    return {_DOUBLED.sub(r"\1", name): name for name in sorted(particles("after_abd"))}


def _known(token: str) -> str | None:
    """A known part for a remainder, also when its first letter is doubled (r-rahman)."""
    for candidate in (token, token[1:] if len(token) > 2 and token[0] == token[1] else ""):
        found = lookup(candidate) or name_of_god(candidate)
        if found is not None:
            return found
    return None


def _abd_compound(token: str) -> str | None:
    """abd_X for Abd + (article) + one of the names that follow Abd."""
    if not token.startswith("abd") or len(token) < 6:
        return None
    after_abd = particles("after_abd")
    for infix in _ABD_INFIXES:
        rest = token[3 + len(infix) :]
        if token[3:].startswith(infix) and len(rest) >= 2:
            known = _known(rest)
            if known is not None and known in after_abd:
                return f"abd_{known}"
    return None


def _prefix_compound(token: str, prefixes: tuple[str, ...], marker: str) -> str | None:
    """marker_X for a prefix (Abu, Ben …) glued to a known name."""
    for prefix in prefixes:
        rest = token[len(prefix) :]
        if token.startswith(prefix) and len(rest) >= 3:
            known = _known(rest)
            if known is not None and "_" not in known:
                return f"{marker}_{known}"
    return None


def _suffix_compound(token: str) -> str | None:
    """X_allah and X_din for a name glued to Allah or to al-Din."""
    for suffixes, marker, bare_ok in (
        (_ALLAH_SUFFIXES, "allah", True),
        (_DIN_SUFFIXES, "din", True),
        (_DIN_BARE, "din", False),
    ):
        for suffix in suffixes:
            head = token[: -len(suffix)]
            if token.endswith(suffix) and len(head) >= 3:
                known = lookup(head)
                if known is not None or bare_ok:
                    return f"{known or head}_{marker}"
    return None


@lru_cache(maxsize=200_000)
def canonical(token: str) -> str:
    """The canonical spelling of one folded name part (spaces removed); see the module doc.

    >>> [canonical(t) for t in ("mohamed", "abdelkader", "aboubakar", "noureddine", "faizullah")]
    ['muhammad', 'abd_qadir', 'abu_bakr', 'nur_din', 'fayiz_allah']
    """
    token = token.replace(" ", "")
    if "_" in token:
        return token
    for rule in (lookup, name_of_god, _abd_compound, _suffix_compound):
        found = rule(token)
        if found is not None:
            return found
    found = _prefix_compound(token, _ABU_PREFIXES, "abu")
    if found is None:
        found = _prefix_compound(token, _BIN_PREFIXES, "bin")
    return found or token


def is_listed(key: str) -> bool:
    """Whether a canonical key is a name of the table, or a compound of one (abd_rahman,
    abu_hamza, nur_din): two listed keys that differ are two different names."""
    weights = part_table().weight
    if key in weights:
        return True
    head, _, tail = key.partition("_")
    if head in ("abd", "abu", "umm", "bin"):
        return is_listed(tail)
    return tail in ("din", "allah") and head in weights


def part_weight(key: str) -> float:
    """How much a match on this canonical part is worth (1 for an ordinary part)."""
    weights = part_table().weight
    if key in weights:
        return weights[key]
    head, _, tail = key.partition("_")
    if head in ("abd", "abu", "bin") and tail:
        return weights.get(tail, 1.0)
    return 0.9 if tail in ("din", "allah") else 1.0


def _respell(word: str) -> str:
    """Digraphs and context-dependent letters to one class letter each (uppercase marks done)."""
    if len(word) > 2 and word[0] == "i" and word[1] in _VOWELS:
        word = "y" + word[1:]
    word = re.sub(r"ou(?=[aeio])", "W", word)
    word = re.sub(r"c(?=[eiy])", "S", word)
    word = re.sub(r"(?<=.)sy(?=[aeiou])", "X", word)
    for digraph, mark in _DIGRAPHS:
        word = word.replace(digraph, mark)
    word = re.sub(r"(?<=[aeiouy])h$", "", word)
    return "".join(_LETTERS.get(c, c) for c in word).lower()


@lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """The consonant skeleton of a folded part or canonical key; see the module doc.

    >>> skeleton("youssef"), skeleton("iusuf"), skeleton("abderrahmane"), skeleton("abd_rahman")
    ('ysf', 'ysf', 'abdrhmn', 'abdrhmn')
    """
    word = _respell(key.replace("_", "").replace(" ", ""))
    if not word:
        return ""
    head = "a" if word[0] in _VOWELS else word[0]
    tail = [c for c in word[1:] if c not in _VOWELS and c not in "wy"]
    out = [head]
    for c in tail:
        if c != out[-1]:
            out.append(c)
    return "".join(out)


def phonetic_key(key: str) -> str:
    """A coarse blocking key: the skeleton with near consonants merged, four letters at most
    (for each piece of a compound key).

    >>> phonetic_key("mohamed"), phonetic_key("mehmet"), phonetic_key("zakaria")
    ('mhmt', 'mhmt', 'skr')
    """
    if "_" in key:
        return "_".join(phonetic_key(piece) for piece in key.split("_"))
    merged = skeleton(key).translate(_PHONETIC)
    out = merged[:1]
    for c in merged[1:]:
        if c != out[-1]:
            out += c
    return out[:4]
