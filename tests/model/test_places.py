import csv
from importlib import resources

import countrynames
import pytest
from rigour.territories import get_territory, lookup_territory

from headcount.model.places import (
    HistoricalCountry,
    UnknownCountry,
    _alpha3,
    _translations,
    country_name,
    fold,
    known_codes,
    numeric_code,
    parse_place,
    resolve_country,
    resolve_territory,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("FRA", "FRA"),
        ("fr", "FRA"),
        ("France", "FRA"),
        ("Française", "FRA"),
        ("فرنسا", "FRA"),
        ("Syrie", "SYR"),
        ("سوريا", "SYR"),
        ("مصر", "EGY"),  # countrynames alone would read Montserrat
        ("Syrian Arab Republic", "SYR"),
        ("الجمهوريّة العربيّة السّوريّة", "SYR"),
        ("Tunisian", "TUN"),
        ("تونس", "TUN"),
        ("Allemagne", "DEU"),
        ("Россия", "RUS"),
        ("Chechen", "RUS"),
        ("Royaume-Uni", "GBR"),
        ("British", "GBR"),
        ("Kosovo", "XKX"),
        ("KSV", "XKX"),
        ("Korea, Republic of", "KOR"),
        ("  belgique ", "BEL"),
        ("Russland", "RUS"),
        ("Palästina", "PSE"),
        ("المالديف", "MDV"),  # pycountry's Arabic table gives this to Moldova too; ours wins
        ("Democratic Republic of the Congo", "COD"),
        ("DR Congo", "COD"),
        ("Ivory Coast", "CIV"),
        ("Swaziland", "SWZ"),
        ("Burma", "MMR"),
        ("the Netherlands", "NLD"),
        ("U.S.", "USA"),
        ("Türkiye", "TUR"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
    ],
)
def test_resolves_names_codes_and_demonyms(text: str, code: str) -> None:
    assert resolve_country(text) == code


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Gaza", "PSE:Gaza"),
        ("Xinjiang", "CHN:Xinjiang"),
        ("Somaliland", "SOM:Somaliland"),
        ("Kurdistan", "IRQ:Kurdistan"),
        ("Дагестан", "RUS:Dagestan"),
        ("Чечня", "RUS:Chechnya"),
        ("Tchétchénie", "RUS:Chechnya"),
        ("Crimea", "UKR:Crimea"),
    ],
)
def test_regions_and_disputed_territories_resolve_to_their_country_with_the_region(
    text: str, value: str
) -> None:
    assert resolve_territory(text).value == value
    assert resolve_country(text) == value[:3]
    assert parse_place(text).value == value


def test_a_name_read_one_way_among_several_carries_a_note() -> None:
    assert "Kurdistan Region of Iraq" in (resolve_territory("Kurdistan").note or "")
    assert "claimed by Russia" in (resolve_territory("Crimea").note or "")
    assert resolve_territory("Kosovo").note is None  # its own code: nothing to explain


@pytest.mark.parametrize("text", ["former Soviet Union", "USSR", "URSS", "Yugoslavia"])
def test_historical_states_are_not_read_as_a_country_of_today(text: str) -> None:
    with pytest.raises(HistoricalCountry, match="historical state") as caught:
        resolve_country(text)
    assert caught.value.code in ("SUN", "YUG")
    assert "RUS" in caught.value.successors or "SRB" in caught.value.successors
    with pytest.raises(HistoricalCountry):
        parse_place(f"Belgrade, {text}")


def test_unknown_countries_are_refused_not_guessed() -> None:
    with pytest.raises(UnknownCountry, match="Narnia"):
        resolve_country("Narnia")
    with pytest.raises(UnknownCountry):
        parse_place("Atlantis, Narnia")
    with pytest.raises(UnknownCountry, match="winston hills"):
        parse_place("winston hills")  # a town alone: the caller keeps it, country unknown
    with pytest.raises(UnknownCountry):
        parse_place("sa")  # in a place field a code is written in capitals


def test_places_resolve_with_their_town_or_camp() -> None:
    assert parse_place("SYR:Raqqa").value == "SYR:Raqqa"
    assert parse_place("Syrie, Raqqa").value == "SYR:Raqqa"
    assert parse_place("Mosul, Iraq").value == "IRQ:Mosul"
    assert parse_place("al-Hawl").value == "SYR:al-Hol"
    assert parse_place("Roj").country == "SYR"
    assert parse_place("FRA:Lunel").value == "FRA:Lunel"
    assert parse_place("LBN:Tripoli").value == "LBN:Tripoli"  # the code wins over the town
    assert parse_place("Tripoli, Lebanon").value == "LBN:Tripoli"
    assert parse_place("Lunel, Hérault, France").value == "FRA:Lunel, Hérault"
    assert parse_place("Grozny, Chechnya").value == "RUS:Chechnya, Grozny"
    assert parse_place("Paris").value == "FRA:Paris"


def test_every_resolved_code_is_known_and_named() -> None:
    assert {"FRA", "SYR", "XKX", "PSE"} <= known_codes()
    assert "SUN" not in known_codes()
    assert country_name("XKX") == "Kosovo"
    assert country_name("SYR") == "Syria"
    assert numeric_code("FRA") == "250"
    assert numeric_code("XKX") is None


def test_headcounts_own_table_holds_only_what_the_libraries_do_not_know() -> None:
    """Each name in data/territories.csv names a real rigour territory, and none of
    rigour, pycountry or countrynames already reads it as that territory's country."""
    table = resources.files("headcount.model.data").joinpath("territories.csv")
    with table.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        territory = get_territory(row["territory"])
        assert territory is not None, row
        for name in filter(None, row["names"].split(";")):
            known = {_alpha3(lookup_territory(name)), _translations().get(fold(name))}
            code = countrynames.to_code(name)
            if code is not None:
                known.add(_alpha3(get_territory(code.lower())))
            assert _alpha3(territory) not in known, (row["territory"], name)
