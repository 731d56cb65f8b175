"""Realistic noise: the ways a clerk, a journalist or a form-filler gets a name or date wrong.

- transliteration variants of whole names (Mohammed/Muhammad/Mohamed/Mehmet, Youssef/Yusuf)
  and of letters (ou/u, Q/K/G, Kh/H, Sh/Ch/Sch, J/Dj, al-/el-/dropped, doubled letters);
- the same in Arabic script (hamza forms, ta marbuta, عبد الله / عبدالله) and Cyrillic
  (е/э, и/ы, Магомед/Мухаммад);
- typing errors (a letter dropped, doubled, swapped with its neighbour or replaced);
- partial and wrong dates: year only, month only, day and month swapped, a year off.

The tables are the simulator's own, independent of `headcount.names`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from headcount.simulate.timeline import ymd

WORD_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad", "Mouhamed", "Mehmet"),
    ("Ahmed", "Ahmad", "Ahmet", "Achmed"),
    ("Youssef", "Yusuf", "Yousef", "Youssouf", "Yusef", "Jussuf"),
    ("Omar", "Umar", "Omer"),
    ("Hussein", "Husain", "Hussain", "Houcine", "Hocine", "Husayn"),
    ("Osama", "Usama", "Oussama"),
    ("Othman", "Uthman", "Osman", "Otman"),
    ("Khaled", "Khalid", "Halid"),
    ("Hassan", "Hasan"),
    ("Saeed", "Said", "Saïd", "Sayed"),
    ("Abdullah", "Abdallah", "Abdulla", "Abd Allah"),
    ("Ibrahim", "Brahim", "Ebrahim", "Ibragim"),
    ("Ismail", "Ismael", "Smail", "Esmail"),
    ("Mustafa", "Mustapha", "Moustafa", "Mostafa"),
    ("Abu", "Abou", "Abo", "Ebu"),
    ("Umm", "Oum", "Um", "Umm"),
    ("Ben", "Bin", "Ibn"),
)
"""Whole-word transliteration variants, each group one name."""

LETTER_VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bAbdul ?", ("Abdel", "Abd al-", "Abd el-", "Abdoul", "Abdul")),
    (r"\bAbdel ?", ("Abdul ", "Abd al-", "Abdel ", "Abd-el-")),
    (r"\b[Aa]l-", ("el-", "El ", "", "Al ", "al ")),
    (r"\b[Ee]l-?", ("al-", "Al-", "")),
    (r"ou", ("u", "oo")),
    (r"(?<=[a-z])u(?=[a-z])", ("ou", "o")),
    (r"\bQ|(?<=[a-z])q", ("K", "k", "G", "g")),
    (r"Kh|kh", ("H", "h", "Ch", "ch")),
    (r"sh", ("ch", "sch", "s")),
    (r"\bSh", ("Ch", "Sch")),
    (r"\bDj|\bJ", ("J", "Dj", "Dzh", "Y")),
    (r"ee", ("i", "ei")),
    (r"(?<=[a-z])y(?=[a-z])", ("i", "ey")),
    (r"(?<=[a-z])i(?=[a-z])", ("y", "ee", "e")),
    (r"(?<=[a-z])e(?=[a-z])", ("a", "i")),
    (r"(?<=[a-z])a(?=[a-z])", ("e", "aa")),
    (r"([bdflmnrstz])\1", (r"\1",)),
    (r"(?<=[aeiou])([lmnrst])(?=[aeiou])", (r"\1\1",)),
    (r"ï", ("i", "y")),
    (r"é|è", ("e",)),
    (r"ev\b", ("iev", "yev", "ew")),
    (r"ov\b", ("off", "ow")),
)
"""Letter-level variants as (pattern, replacements); one match is rewritten at random."""

ARABIC_VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"[أإآ]", ("ا",)),
    (r"ة\b", ("ه",)),
    (r"ى\b", ("ي",)),
    (r"عبد ال", ("عبدال",)),
    (r"\bال", ("",)),
    (r"أبو ", ("ابو ", "أبو")),
)

CYRILLIC_VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"Магомед", ("Мухаммад", "Магомет", "Мохаммед")),
    (r"е", ("э",)),
    (r"ы", ("и",)),
    (r"ь", ("",)),
    (r"(?<=[аеиоу])й", ("и",)),
    (r"([лмнрст])\1", (r"\1",)),
    (r"ев\b", ("иев",)),
)

_WORD_INDEX = {w.lower(): group for group in WORD_VARIANTS for w in group}
_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"
_KEYBOARD_RU = "йцукенгшщзхфывапролджэячсмитбю"
_KEYBOARD_AR = "ضصثقفغعهخحجدشسيبلاتنمكطذءرىةوزظ"


@dataclass(frozen=True)
class NoiseProfile:
    """How often each kind of error appears in one source's records (per record)."""

    variant: float = 0.15
    typo: float = 0.03
    swap_order: float = 0.03
    drop_nasab: float = 0.3
    add_nasab: float = 0.05
    year_only: float = 0.05
    month_only: float = 0.03
    day_month_swap: float = 0.02
    year_off: float = 0.01
    missing_birth_date: float = 0.05
    wrong_citizenship: float = 0.02
    duplicate: float = 0.02

    def scaled(self, factor: float) -> NoiseProfile:
        """The same profile with every rate multiplied by `factor` (capped at 1)."""
        return NoiseProfile(**{k: min(1.0, v * factor) for k, v in self.__dict__.items()})


def _choice(options: tuple[str, ...], rng: np.random.Generator) -> str:
    return options[int(rng.integers(len(options)))]


Rules = tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]


def _compiled(rules: tuple[tuple[str, tuple[str, ...]], ...]) -> Rules:
    return tuple((re.compile(p), r) for p, r in rules)


_LETTER_RULES = _compiled(LETTER_VARIANTS)
_ARABIC_RULES = _compiled(ARABIC_VARIANTS)
_CYRILLIC_RULES = _compiled(CYRILLIC_VARIANTS)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")


def _rewrite(text: str, rules: Rules, rng: np.random.Generator) -> str:
    """Apply one applicable rule at one of its matches."""
    applicable = [(p, r) for p, r in rules if p.search(text)]
    if not applicable:
        return text
    pattern, replacements = applicable[int(rng.integers(len(applicable)))]
    matches = list(pattern.finditer(text))
    m = matches[int(rng.integers(len(matches)))]
    new = m.expand(_choice(replacements, rng))
    return text[: m.start()] + new + text[m.end() :]


def variant(text: str, rng: np.random.Generator) -> str:
    """One transliteration variant of `text` in its own script."""
    if not text:
        return text
    if _ARABIC_LETTER.search(text):
        return _rewrite(text, _ARABIC_RULES, rng)
    if _CYRILLIC_LETTER.search(text):
        return _rewrite(text, _CYRILLIC_RULES, rng)
    words = text.split(" ")
    known = [i for i, w in enumerate(words) if w.lower() in _WORD_INDEX]
    if known and rng.random() < 0.6:
        i = known[int(rng.integers(len(known)))]
        group = tuple(w for w in _WORD_INDEX[words[i].lower()] if w.lower() != words[i].lower())
        words[i] = _choice(group, rng) if group else words[i]
        return " ".join(words)
    return _rewrite(text, _LETTER_RULES, rng)


def typo(text: str, rng: np.random.Generator) -> str:
    """One typing error: a letter dropped, doubled, swapped with the next, or mistyped."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 3:
        return text
    i = letters[int(rng.integers(1, len(letters)))]
    kind = int(rng.integers(4))
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    keyboard = _keyboard(text)
    wrong = keyboard[int(rng.integers(len(keyboard)))]
    wrong = wrong.upper() if text[i].isupper() else wrong
    return text[:i] + wrong + text[i + 1 :]


def _keyboard(text: str) -> str:
    """The letters of the keyboard a text in this script is typed on."""
    if _ARABIC_LETTER.search(text):
        return _KEYBOARD_AR
    if _CYRILLIC_LETTER.search(text):
        return _KEYBOARD_RU
    return _KEYBOARD


def spell(text: str, profile: NoiseProfile, rng: np.random.Generator) -> str:
    """A name as one record writes it: maybe a variant, maybe a typo."""
    if text and rng.random() < profile.variant:
        text = variant(text, rng)
    if text and rng.random() < profile.typo:
        text = typo(text, rng)
    return text


@dataclass(frozen=True)
class SimDate:
    """A date as a record gives it: year, month, day and how much of it is given."""

    year: int
    month: int = 1
    day: int = 1
    precision: str = "day"

    def iso(self) -> str:
        """`2016-05-12`, `2016-05` or `2016`."""
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def render(self, style: str) -> str:
        """In a source's habit: `dmy` 12/05/2016, `compact` 20160512, `iso`; partial → ISO."""
        if self.precision != "day" or style == "iso":
            return self.iso()
        if style == "dmy":
            return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
        return f"{self.year:04d}{self.month:02d}{self.day:02d}"

    def sort_key(self) -> tuple[int, int, int]:
        """The latest day this date can mean (to compare with a report date)."""
        if self.precision == "year":
            return (self.year, 12, 31)
        if self.precision == "month":
            return (self.year, self.month, 31)
        return (self.year, self.month, self.day)


def exact(day_number: int) -> SimDate:
    """The true date, to the day."""
    y, m, d = ymd(day_number)
    return SimDate(y, m, d)


def blur(
    day_number: int,
    rng: np.random.Generator,
    year_only: float = 0.0,
    month_only: float = 0.0,
) -> SimDate:
    """A date known to the day, the month or only the year."""
    y, m, d = ymd(day_number)
    u = rng.random()
    if u < year_only:
        return SimDate(y, precision="year")
    if u < year_only + month_only:
        return SimDate(y, m, precision="month")
    return SimDate(y, m, d)


def noisy_birth_date(
    day_number: int, profile: NoiseProfile, rng: np.random.Generator
) -> SimDate | None:
    """A birth date as a source gives it: missing, partial, swapped or a year off."""
    if rng.random() < profile.missing_birth_date:
        return None
    date = blur(day_number, rng, profile.year_only, profile.month_only)
    if date.precision == "day" and date.day <= 12 and rng.random() < profile.day_month_swap:
        date = SimDate(date.year, date.day, date.month)
    if rng.random() < profile.year_off:
        shift = 1 if rng.random() < 0.5 else -1
        leap_day = (date.month, date.day) == (2, 29)
        date = SimDate(date.year + shift, date.month, 28 if leap_day else date.day, date.precision)
    return date
