"""Latin folding and tokenising: the first step before any name is compared.

`fold` turns a Latin-script string into lowercase ASCII letters, digits and spaces; it is
written by hand (rather than with `unidecode`, which is not a dependency) because names need
a few choices a general transliterator does not make: the Turkish, Azeri and Czech letters
ş ș š č ž become `sh`, `ch`, `zh` (Şamil is Shamil), ç becomes `s` as in French and
Portuguese (François, Idriça: Turkish Çelik is written Celik as often as Chelik), the ʿayn and hamza marks (ʿ ʾ ' ’)
vanish without a space (Sa'id is Said, Ch'o'l is Chol), and hyphens become spaces (al-Masri
is `al masri`), so that the parser sees particles as tokens.

`name_variants` splits one messy value into the names it holds: lists often write
"Name (Other Name; Third Name)" or "Name (original script: …)" in one field.

Invariants: `fold` is idempotent; its output has only [a-z0-9 ] with single spaces and no
leading or trailing space.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL: dict[str, str] = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ə": "a",
    "ş": "sh",
    "ș": "sh",
    "š": "sh",
    "ç": "s",
    "č": "ch",
    "ž": "zh",
    "ẖ": "kh",
    "ḫ": "kh",
    "ḵ": "kh",
    "ğ": "gh",
    "ġ": "gh",
    "ṯ": "th",
    "ḏ": "dh",
    "ẓ": "z",
}
"""Letters whose decomposition is not a base letter plus marks, or whose mark changes the sound."""

_SILENT = "'’‘`´ʿʾʻʼ′\u02bf\u02be\u0640"
"""Apostrophes, ʿayn/hamza marks and tatweel: dropped without leaving a space."""

_NOT_LETTER = re.compile(r"[^a-z0-9]+")
_SILENT_RE = re.compile(f"[{re.escape(_SILENT)}]")
_VARIANT_SPLIT = re.compile(r"[;()\[\]/|،]|\boriginal script\s*:|\ba\.?k\.?a\.?\b|\balias\b", re.I)


def fold_char(char: str) -> str:
    """One character folded to lowercase ASCII (possibly several letters, possibly none)."""
    low = char.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFKD", low)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if base.isascii() else " "


def fold(text: str) -> str:
    """Lowercase ASCII letters and digits separated by single spaces.

    >>> fold("Abd al-Raḥmān  Ḥusayn"), fold("Şamil O'Neill"), fold("Hüseyin")
    ('abd al rahman husayn', 'shamil oneill', 'huseyin')
    """
    text = _SILENT_RE.sub("", unicodedata.normalize("NFC", text))
    folded = "".join(fold_char(c) for c in text)
    return _NOT_LETTER.sub(" ", folded).strip()


def tokens(text: str) -> list[str]:
    """The folded tokens of a Latin-script name."""
    return fold(text).split()


def name_variants(text: str) -> list[str]:
    """The names one value holds: "A (B; C)" gives A, B and C; empty pieces are dropped.

    A "Family, Given" value gives "Given Family" and, after it, the value as written without
    the comma: lists invert names, but a comma is sometimes only a comma, and Abdul Majeed
    and Majeed Abdul do not part the same way. Only a value with one comma is turned round,
    so that a list of names separated by commas is not taken for one inverted name.

    >>> name_variants("Hajji Malik (Haji Malek; original script: حاجی مالک)")
    ['Hajji Malik', 'Haji Malek', 'حاجی مالک']
    >>> name_variants("Majeed, Abdul")
    ['Abdul Majeed', 'Majeed Abdul']
    """
    out: list[str] = []
    for piece in _VARIANT_SPLIT.split(text):
        piece = piece.strip(' \t\n,.;:-–—"“”')
        if not any(c.isalpha() for c in piece):
            continue
        readings = [piece]
        if piece.count(",") == 1:
            family, given = (p.strip() for p in piece.split(","))
            readings = [f"{given} {family}".strip() if given else family, piece]
        for reading in readings:
            reading = re.sub(r"\s*,\s*", " ", reading)
            if reading not in out:
                out.append(reading)
    return out
