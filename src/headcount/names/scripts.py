"""Which writing system a name is written in.

The store keeps every name as it came; the script is recorded beside it so that linkage
and the pages can compare and show names across scripts (Arabic, Cyrillic, Latin, …).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

LATIN = "Latin"
ARABIC = "Arabic"
CYRILLIC = "Cyrillic"
GREEK = "Greek"
HEBREW = "Hebrew"
GEORGIAN = "Georgian"
ARMENIAN = "Armenian"
HAN = "Han"
OTHER = "Other"
MIXED = "Mixed"

_PREFIXES: tuple[tuple[str, str], ...] = (
    ("LATIN", LATIN),
    ("ARABIC", ARABIC),
    ("CYRILLIC", CYRILLIC),
    ("GREEK", GREEK),
    ("HEBREW", HEBREW),
    ("GEORGIAN", GEORGIAN),
    ("ARMENIAN", ARMENIAN),
    ("CJK", HAN),
)


@lru_cache(maxsize=8192)
def char_script(char: str) -> str | None:
    """The script of one letter, or None for digits, spaces, punctuation and marks."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for prefix, script in _PREFIXES:
        if name.startswith(prefix):
            return script
    return OTHER


def detect_script(text: str) -> str | None:
    """The script of a name: one of the constants above, `Mixed`, or None when it has no letters.

    >>> detect_script("Abu Hamza al-Faransi"), detect_script("أبو حمزة"), detect_script("Шамиль")
    ('Latin', 'Arabic', 'Cyrillic')
    """
    seen = {s for s in map(char_script, text) if s is not None}
    if not seen:
        return None
    if len(seen) == 1:
        return seen.pop()
    return MIXED
