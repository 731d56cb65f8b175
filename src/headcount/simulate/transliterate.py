"""The simulator's own script conversions: how a clerk of one country writes a foreign name.

Each source writes names in its habits: a French clerk romanises Шамиль as "Chamil", a
German one as "Schamil", an English one as "Shamil"; a registration clerk of the group
writes "Thomas" in Arabic script. These tables are deliberately the simulator's own and
independent of `headcount.names`, so that linkage is never tested against its own rules.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_CYR_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "з": "z",
    "и": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "ы": "y",
    "ь": "",
    "ъ": "",
    "э": "e",
    "ў": "o",
    "қ": "q",
    "ғ": "g",
    "ҳ": "h",
    "ҷ": "j",
    "ӣ": "i",
    "ӯ": "u",
    "ә": "a",
    "ө": "o",
    "ү": "u",
    "ң": "ng",
    "һ": "h",
    "і": "i",
}

_CYR_HABITS: dict[str, dict[str, str]] = {
    "en": {
        "ж": "zh",
        "й": "y",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "yu",
        "я": "ya",
        "е": "e",
    },
    "icao": {
        "ж": "zh",
        "й": "i",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "iu",
        "я": "ia",
        "ъ": "ie",
        "е": "e",
    },
    "fr": {
        "ж": "j",
        "й": "ï",
        "х": "kh",
        "ц": "ts",
        "ч": "tch",
        "ш": "ch",
        "щ": "chtch",
        "ю": "iou",
        "я": "ia",
        "у": "ou",
        "е": "e",
        "дж": "dj",
    },
    "de": {
        "ж": "sch",
        "й": "j",
        "х": "ch",
        "ц": "z",
        "ч": "tsch",
        "ш": "sch",
        "щ": "schtsch",
        "ю": "ju",
        "я": "ja",
        "з": "s",
        "в": "w",
        "е": "e",
        "дж": "dsch",
    },
    "tr": {
        "ж": "j",
        "й": "y",
        "х": "h",
        "ц": "ts",
        "ч": "ç",
        "ш": "ş",
        "щ": "şç",
        "ю": "yu",
        "я": "ya",
        "е": "e",
        "дж": "c",
    },
}
"""Cyrillic → Latin, per habit (English press, ICAO passports, French, German, Turkish)."""


def _match_case(source: str, target: str) -> str:
    if source.isupper() and len(source) > 1:
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def _compile(table: dict[str, str]) -> re.Pattern[str]:
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys), re.IGNORECASE)


def _convert(text: str, table: dict[str, str], pattern: re.Pattern[str]) -> str:
    """Greedy longest-match conversion that keeps the case of each source letter group."""
    return pattern.sub(lambda m: _match_case(m.group(0), table[m.group(0).lower()]), text)


_SOFT_S = re.compile("(?<=[аеиоуыэюяё])с(?=[аеиоуыэюяё])", re.IGNORECASE)


@cache
def _cyr_table(habit: str) -> tuple[dict[str, str], re.Pattern[str]]:
    table = {**_CYR_COMMON, **_CYR_HABITS[habit]}
    return table, _compile(table)


@cache
def cyrillic_to_latin(text: str, habit: str = "en") -> str:
    """Romanise Cyrillic as a clerk of `habit` would (en, icao, fr, de, tr).

    French and German double an s between vowels, lest it be read as z (Юсупов → Youssoupov).
    """
    if habit in ("fr", "de"):
        text = _SOFT_S.sub(lambda m: m.group(0) * 2, text)
    return _convert(text, *_cyr_table(habit))


_LAT_TO_CYR = {
    "shch": "щ",
    "sch": "ш",
    "sh": "ш",
    "ch": "ч",
    "zh": "ж",
    "kh": "х",
    "ts": "ц",
    "you": "ю",
    "ya": "я",
    "yu": "ю",
    "yo": "ё",
    "ou": "у",
    "dj": "дж",
    "ph": "ф",
    "th": "т",
    "ck": "к",
    "ee": "и",
    "oo": "у",
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "дж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "к",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "y": "й",
    "z": "з",
    "'": "",
    "-": "-",
}
"""Latin → Cyrillic as a Russian clerk would write a Western or Arabic name."""


_LAT_TO_CYR_PATTERN = _compile(_LAT_TO_CYR)
_HARD_Y = re.compile("(?<=[бвгдзклмнпрстфхц])й(?![аеиоуяюэ])")


@cache
def latin_to_cyrillic(text: str) -> str:
    """Write a Latin-script name in Cyrillic (`Thomas` → `Томас`)."""
    cyrillic = _convert(strip_diacritics(text), _LAT_TO_CYR, _LAT_TO_CYR_PATTERN)
    return _HARD_Y.sub("ы", cyrillic)


_LAT_TO_AR = {
    "abd al-": "عبد ال",
    "abdul ": "عبد ال",
    "abdel": "عبد ال",
    "al-": "ال",
    "el-": "ال",
    "sch": "ش",
    "sh": "ش",
    "ch": "ش",
    "kh": "خ",
    "gh": "غ",
    "th": "ت",
    "dh": "ذ",
    "ph": "ف",
    "ou": "و",
    "oo": "و",
    "ee": "ي",
    "ai": "ي",
    "ay": "اي",
    "ei": "ي",
    "aa": "ا",
    "a": "ا",
    "b": "ب",
    "c": "ك",
    "d": "د",
    "e": "ي",
    "f": "ف",
    "g": "غ",
    "h": "ه",
    "i": "ي",
    "j": "ج",
    "k": "ك",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "o": "و",
    "p": "ب",
    "q": "ق",
    "r": "ر",
    "s": "س",
    "t": "ت",
    "u": "و",
    "v": "ف",
    "w": "و",
    "x": "كس",
    "y": "ي",
    "z": "ز",
    "'": "ع",
    "-": " ",
}
"""Latin → Arabic script, roughly as a registration clerk spells a foreign name."""

_LAT_TO_AR_PATTERN = _compile(_LAT_TO_AR)
_SHORT_VOWEL = re.compile(r"(?<=[^\sا])[اوي](?=[^\sاوي])")


@cache
def latin_to_arabic(text: str) -> str:
    """Write a Latin-script name in Arabic script (`Thomas` → `توماس`, `Kevin` → `كفن`).

    Inner short vowels are mostly dropped, as Arabic script leaves them unwritten; the
    first and last letters of a word keep theirs.
    """
    words = []
    for word in strip_diacritics(text).lower().split():
        converted = _convert(word, _LAT_TO_AR, _LAT_TO_AR_PATTERN)
        head, body, tail = converted[:1], converted[1:-1], converted[-1:]
        body = _SHORT_VOWEL.sub("", body) if len(body) > 3 else body
        if head in "وي" and word[:1] in "aeiou":
            head = "ا" + head
        words.append(head + body + tail)
    return " ".join(words)


def strip_diacritics(text: str) -> str:
    """`Mickaël Jérémy Yılmaz` → `Mickael Jeremy Yilmaz` (as on a keyboard without them)."""
    text = text.replace("ı", "i").replace("İ", "I").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mrz(text: str) -> str:
    """A name as the machine-readable zone of a passport prints it: `ABDEL KADER` → `ABDEL<KADER`."""
    ascii_text = strip_diacritics(text).upper()
    return re.sub(r"[^A-Z]+", "<", ascii_text).strip("<")
