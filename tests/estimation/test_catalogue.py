"""The catalogue of method names agrees with the methods and with the API's choices."""

from __future__ import annotations

from typing import get_args

from headcount.api.estimates import Method
from headcount.estimation import catalogue, heterogeneity


def test_every_heterogeneity_form_has_its_column_and_no_more() -> None:
    assert set(catalogue.HETEROGENEITY_FORMS) == set(heterogeneity._COLUMNS)


def test_the_api_offers_exactly_the_catalogue_s_methods() -> None:
    assert set(get_args(Method)) == set(catalogue.METHODS)
    assert catalogue.DEFAULT_METHOD in catalogue.METHODS
