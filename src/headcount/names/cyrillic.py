"""Cyrillic to Latin, letter by letter, for Russian, Ukrainian, Kazakh and Tajik names.

Written by hand from the table in `data/cyrillic.csv` rather than with ICU (PyICU needs ICU
headers to build and is not a dependency): names need one passport-like spelling per letter,
and the language decides a few letters (Ukrainian г is h, и is y). The language is guessed
from the letters only one of them uses; Russian is the default.

What happens after transliteration — Магомед read as Magomed and then recognised as
Muhammad, Х as kh and then compared with h — is the business of `equivalence`, not of this
module: here one Cyrillic letter gives one fixed Latin string.

Invariant: the output holds no Cyrillic letter; other characters pass through unchanged.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

LANGUAGES = ("ru", "uk", "kk", "tg")

_MARKERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("kk", frozenset("әңөұүһ")),
    ("tg", frozenset("ӣӯҳҷ")),
    ("uk", frozenset("ґєїі")),
)
"""Letters that only one of the languages uses, checked in this order."""


@cache
def _tables() -> dict[str, dict[str, str]]:
    """Letter → Latin for each language, from the shipped CSV."""
    text = resources.files("headcount.names").joinpath("data/cyrillic.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    tables: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for row in rows:
        for lang in LANGUAGES:
            cell = row[lang]
            tables[lang][row["letter"]] = row["ru"] if cell == "" and lang != "ru" else cell
    return tables


def guess_language(text: str) -> str:
    """The language whose letters the text uses: `uk`, `kk`, `tg`, or `ru` by default."""
    letters = set(text.lower())
    for lang, marks in _MARKERS:
        if letters & marks:
            return lang
    return "ru"


def _in_capitals(text: str, at: int) -> bool:
    """Whether the capital letter at `at` stands beside another capital (ХАСАНОВ, not Хасанов)."""
    return any(
        0 <= k < len(text) and text[k].isalpha() and text[k].isupper() for k in (at - 1, at + 1)
    )


def cyrillic_to_latin(text: str, language: str | None = None) -> str:
    """Transliterate the Cyrillic letters of `text`, keeping their case.

    A capital written as several Latin letters is capitalised (Х → Kh) in a word written in
    small letters, and written in capitals (ХАСАНОВ → KHASANOV) among capitals: `KhASANOV`
    would read as two words (Kh, ASANOV) to a parser that splits words at a change of case.

    >>> cyrillic_to_latin("Магомед Шамиль Хаматович"), cyrillic_to_latin("Ғайратҷон")
    ('Magomed Shamil Khamatovich', 'Ghayratjon')
    >>> cyrillic_to_latin("АХМЕДОВ БАХТИЁР")
    'AKHMEDOV BAKHTIYOR'
    """
    table = _tables()[language or guess_language(text)]
    out: list[str] = []
    for at, char in enumerate(text):
        low = char.lower()
        latin = table.get(low)
        if latin is None:
            out.append(char)
        elif char != low and latin:
            out.append(latin.upper() if _in_capitals(text, at) else latin[0].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)
