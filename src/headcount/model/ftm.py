"""FollowTheMoney's `Person` properties beside headcount's, both ways.

FtM (the model of Aleph, OpenSanctions and yente) writes a person as an entity with a
schema and lists of property values; countries as lowercase ISO 3166 alpha-2 codes.
"""

from __future__ import annotations

from headcount.model.vocabulary import Property

TO_FTM: dict[str, str] = {
    Property.full_name: "name",
    Property.given_name: "firstName",
    Property.family_name: "lastName",
    Property.patronymic: "fatherName",
    Property.kunya: "alias",
    Property.nisba: "alias",
    Property.alias: "alias",
    Property.weak_alias: "weakAlias",
    Property.birth_date: "birthDate",
    Property.birth_place: "birthPlace",
    Property.citizenship: "nationality",
    Property.gender: "gender",
    Property.id_number: "idNumber",
    Property.residence: "country",
    Property.address: "address",
    Property.phone: "phone",
}
"""headcount properties → FollowTheMoney `Person` properties."""

FROM_FTM: dict[str, Property] = {
    "name": Property.full_name,
    "firstName": Property.given_name,
    "lastName": Property.family_name,
    "fatherName": Property.patronymic,
    "alias": Property.alias,
    "previousName": Property.alias,
    "weakAlias": Property.weak_alias,
    "birthDate": Property.birth_date,
    "birthPlace": Property.birth_place,
    "nationality": Property.citizenship,
    "citizenship": Property.citizenship,
    "country": Property.residence,
    "gender": Property.gender,
    "idNumber": Property.id_number,
    "passportNumber": Property.id_number,
    "address": Property.address,
    "phone": Property.phone,
}
"""FollowTheMoney `Person` properties → headcount properties; the others are kept in the
raw record (under `ftm`), not made statements."""

FTM_COUNTRIES = frozenset({"nationality", "citizenship", "country"})
"""The properties whose values are country codes."""
