"""The names of estimation's methods, apart from the methods themselves, so that the command
line and the API can list them without importing Numba and statsmodels.

`methods.estimate` dispatches on these names; `heterogeneity` defines one column form for
each of `HETEROGENEITY_FORMS` (a test checks that the two agree)."""

from __future__ import annotations

DEFAULT_METHOD = "lcmcr"
HETEROGENEITY_FORMS = ("chao", "poisson", "darroch", "gamma")
"""Rcapture's heterogeneity forms: Chao's lower bound, Poisson, Darroch, Gamma."""
HETEROGENEITY_METHODS = tuple(
    f"{base}-{form}" for base in ("mh", "mth") for form in HETEROGENEITY_FORMS
)
METHODS = ("lcmcr", "bma", "loglinear", *HETEROGENEITY_METHODS)
STRATA = ("country", "period", "status")
"""What `headcount estimate` can stratify by (`histories.person_histories` defines each)."""
SYSTEM_GROUPINGS = ("source", "publisher", "kind")
"""How sources become systems without a mapping: one each, or one per publisher or kind."""
SEED = 20171208
"""The seed of estimates from the store (`headcount estimate`, a country report's estimate):
the same store gives the same estimate."""
