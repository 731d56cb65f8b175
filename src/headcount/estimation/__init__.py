"""Multiple systems estimation: how many people did no list record?

Start with `estimate_table` (a capture table, one method), `compare_methods` (several side
by side) or `estimate_histories` (one row per person, by stratum, with a combined total).
Results are `Estimate` objects labelled "estimate"; data that cannot support a number
raise `EstimationRefused` with every reason. `simulate_histories` builds test data of
known size. The methodology is in docs/methodology/estimation.md (version
`METHOD_VERSION`).
"""

from headcount.estimation.errors import EstimationRefused, Reason, TableError
from headcount.estimation.lcmcr import LcmcrSettings
from headcount.estimation.methods import (
    DEFAULT_METHOD,
    METHODS,
    compare_methods,
    estimate,
    estimate_table,
    parse_methods,
)
from headcount.estimation.models import LogLinearModel
from headcount.estimation.results import METHOD_VERSION, Caveat, Comparison, Estimate
from headcount.estimation.simulate import simulate_histories
from headcount.estimation.strata import StratifiedEstimate, estimate_histories, group_sources
from headcount.estimation.table import CaptureTable

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "METHOD_VERSION",
    "CaptureTable",
    "Caveat",
    "Comparison",
    "Estimate",
    "EstimationRefused",
    "LcmcrSettings",
    "LogLinearModel",
    "Reason",
    "StratifiedEstimate",
    "TableError",
    "compare_methods",
    "estimate",
    "estimate_histories",
    "estimate_table",
    "group_sources",
    "parse_methods",
    "simulate_histories",
]
