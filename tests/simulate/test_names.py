"""Names are built from part tables and written in each source's habits and scripts."""

from __future__ import annotations

import string

from hypothesis import given, strategies as st

from headcount.names.scripts import ARABIC, CYRILLIC, LATIN, detect_script
from headcount.simulate import names as nm
from headcount.simulate.transliterate import (
    cyrillic_to_latin,
    latin_to_arabic,
    latin_to_cyrillic,
    mrz,
)

MAGHREBI = nm.Identity(
    "maghreb", "m", "abd_al_qadir", "muhammad", "ali", "ben_ali", ("hamza",), "FRA"
)
CHECHEN_WOMAN = nm.Identity(
    "cauc", "f", "madina", "musa_ru", "ali", "magomedov", ("umar",), "shishani"
)


def test_one_name_in_each_habit() -> None:
    assert nm.full_name(MAGHREBI, "fr") == "Abdelkader Benali"
    assert nm.full_name(MAGHREBI, "en") == "Abdul Qadir Ben Ali"
    assert nm.given_name(MAGHREBI, "tr") == "Abdulkadir"
    assert detect_script(nm.full_name(MAGHREBI, "ar")) == ARABIC
    assert detect_script(nm.full_name(MAGHREBI, "ru")) == CYRILLIC


def test_kunya_and_nisba_follow_habit_and_sex() -> None:
    assert nm.kunya(MAGHREBI, "fr") == "Abou Hamza"
    assert nm.kunya(MAGHREBI, "en") == "Abu Hamza"
    assert nm.kunya(MAGHREBI, "ar") == "أبو حمزة"
    assert nm.nisba(MAGHREBI, "en") == "al-Faransi"
    assert nm.kunya(CHECHEN_WOMAN, "en") == "Umm Omar"
    assert nm.nisba(CHECHEN_WOMAN, "en") == "al-Shishaniyya"
    assert nm.nisba(CHECHEN_WOMAN, "ar") == "الشيشانية"


def test_caucasian_names_are_cyrillic_with_patronymic_and_feminine_surname() -> None:
    assert nm.full_name(CHECHEN_WOMAN, "ru") == "Магомедова Мадина Мусаевна"
    assert nm.full_name(CHECHEN_WOMAN, "de") == "Magomedowa Madina Mussaewna"
    assert nm.full_name(CHECHEN_WOMAN, "fr") == "Magomedova Madina Moussaevna"


def test_every_culture_has_male_female_and_family_names() -> None:
    for culture in nm.CULTURES:
        for kind in ("m", "f", "family"):
            keys, weights = nm.pool(culture, kind)
            assert keys and all(w > 0 for w in weights)


def test_kunyas_concentrate_on_a_few_names() -> None:
    keys, weights = nm.kunya_pool()
    share = dict(zip(keys, weights, strict=True))["muhammad"] / sum(weights)
    assert 0.1 < share < 0.4


def test_romanisation_habits() -> None:
    assert cyrillic_to_latin("Шамиль Юсупов", "en") == "Shamil Yusupov"
    assert cyrillic_to_latin("Шамиль Юсупов", "fr") == "Chamil Ioussoupov"
    assert cyrillic_to_latin("Шамиль Юсупов", "de") == "Schamil Jussupow"
    assert cyrillic_to_latin("Шамиль Юсупов", "icao") == "Shamil Iusupov"
    assert mrz("Abdel Kader Ben-Ali") == "ABDEL<KADER<BEN<ALI"


@given(st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=30))
def test_conversions_leave_no_latin_letter(text: str) -> None:
    for converted, script in ((latin_to_cyrillic(text), CYRILLIC), (latin_to_arabic(text), ARABIC)):
        assert detect_script(converted) in (script, None)
    assert detect_script(cyrillic_to_latin(latin_to_cyrillic(text))) in (LATIN, None)
