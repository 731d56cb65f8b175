"""Hypothesis strategies of names in Latin, Arabic and Cyrillic script, for property tests.

Nothing here is real personal data: names are drawn from the name-part table and from
made-up words. They live under tests/, beside the tests that use
them, as hypothesis is a development dependency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.names.tables import part_table

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_CYRILLIC_LETTERS = "абвгдежзийклмнопрстуфхцчшыэюяәғқңөұүһӣӯҳҷ"


def latin_names() -> SearchStrategy[str]:
    """Latin names of one to five parts: listed spellings, made-up words, particles."""
    from hypothesis import strategies as st

    listed = st.sampled_from(sorted(part_table().canonical))
    made_up = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüçş", min_size=1, max_size=9)
    particle = st.sampled_from(["al-", "el ", "Abu ", "bin ", "Umm ", "Sheikh ", "Abdel", ""])
    part = st.tuples(particle, st.one_of(listed, made_up)).map(lambda t: t[0] + t[1])
    return st.lists(part, min_size=1, max_size=5).map(" ".join)


def arabic_names() -> SearchStrategy[str]:
    """Arabic-script names: one to four words of two to six letters."""
    from hypothesis import strategies as st

    word = st.text(alphabet=_ARABIC_LETTERS, min_size=2, max_size=6)
    return st.lists(word, min_size=1, max_size=4).map(" ".join)


def cyrillic_names() -> SearchStrategy[str]:
    """Cyrillic names: one to three capitalised words."""
    from hypothesis import strategies as st

    word = st.text(alphabet=_CYRILLIC_LETTERS, min_size=2, max_size=9).map(str.capitalize)
    return st.lists(word, min_size=1, max_size=3).map(" ".join)


def any_names() -> SearchStrategy[str]:
    """A name in Latin, Arabic or Cyrillic script."""
    from hypothesis import strategies as st

    return st.one_of(latin_names(), arabic_names(), cyrillic_names())


__all__ = [
    "any_names",
    "arabic_names",
    "cyrillic_names",
    "latin_names",
]
