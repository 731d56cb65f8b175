"""Any name to Latin letters, and to Latin name parts.

Arabic script goes through `arabic` (our dictionary, then arabic-name-romanizer, with the
letter table as a last resort), Cyrillic through `cyrillic` (our letter tables), and Latin
is folded (`normalise.fold`: diacritics off, lowercase).

- `to_latin(text)` only changes the letters: the words stay words (Arabic compounds such as
  عبد القادر come out as one word, `abdelkader`; a kunya as `abu bakr`).
- `latin_parts(text)` parses as well (`parse.parse_name`): compound parts joined, titles
  dropped, so that each part is one Latin word: `Abd el-Kader` is the single part `abdelkader`.

Invariant: `to_latin(to_latin(x)) == to_latin(x)` — Latin letters read again are themselves.
"""

from __future__ import annotations

from headcount.names.arabic import romanize_part, split_parts
from headcount.names.cyrillic import cyrillic_to_latin
from headcount.names.normalise import fold
from headcount.names.parse import parse_name, script_runs
from headcount.names.scripts import ARABIC, CYRILLIC, MIXED, detect_script

_MARKERS = {"kunya": "abu ", "nasab": "bin "}


def _arabic_to_latin(text: str) -> str:
    words = []
    for part in split_parts(text):
        marker = _MARKERS.get(part.kind, "")
        if part.kind == "kunya" and part.text.replace("أ", "ا").startswith("ام"):
            marker = "umm "
        words.append(marker + romanize_part(part.core)[0])
    return " ".join(words)


def to_latin(text: str) -> str:
    """A name in folded Latin letters, whatever its script.

    >>> to_latin("Şamil Basayev"), to_latin("Шамиль Басаев"), to_latin("أبو بكر البغدادي")
    ('shamil basayev', 'shamil basaev', 'abu bakr baghdadi')
    """
    runs = script_runs(text) if detect_script(text) == MIXED else [text]
    latin = []
    for run in runs:
        script = detect_script(run)
        if script == ARABIC:
            run = _arabic_to_latin(run)
        elif script == CYRILLIC:
            run = cyrillic_to_latin(run)
        latin.append(run)
    return fold(" ".join(latin))


def latin_parts(text: str) -> list[str]:
    """The parts of one name in Latin letters, folded, in their written order.

    >>> latin_parts("Cheikh Abd el-Kader Ben Ali"), latin_parts("Абдурахман Магомедович")
    (['abdelkader', 'ali'], ['abdurakhman', 'magomedovich'])
    """
    return [part.forms[0] for part in parse_name(text).parts]
