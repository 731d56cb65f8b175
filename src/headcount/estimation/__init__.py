"""Multiple systems estimation: how many people did no list record?

Start with `estimate_table` (a capture table, one method), `compare_methods` (several side
by side), `estimate_histories` (one row per person, by stratum, with a combined total) or
`estimate_store` (the store's persons, by country, period or status: `headcount estimate`).
`estimate_tables` estimates many tables at once (LCMCR's chains of all of them sharing the
cores), `posterior_draws` gives one table's posterior draws of N, and
`estimate_partitions` pools each stratum's draws across several plausible partitions of the
records (multiple imputation) at a fraction of sampling each afresh; `lcmcr_settings` takes
LCMCR's settings by the names of R's arguments.
Results are `Estimate` objects labelled "estimate"; data that cannot support a number
raise `EstimationRefused` with every reason. `simulate_histories` builds test data of
known size. The methodology is in docs/methodology/estimation.md (version
`METHOD_VERSION`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.lazy import exports

_WHERE = {
    "CaptureTable": "table",
    "Caveat": "results",
    "Comparison": "results",
    "DEFAULT_METHOD": "catalogue",
    "Estimate": "results",
    "Histories": "histories",
    "EstimationRefused": "errors",
    "LcmcrSettings": "lcmcr",
    "LogLinearModel": "models",
    "METHODS": "catalogue",
    "METHOD_VERSION": "results",
    "Reason": "errors",
    "Refusal": "strata",
    "StoreEstimate": "store",
    "StratifiedEstimate": "strata",
    "TableError": "errors",
    "compare_methods": "methods",
    "estimate": "methods",
    "estimate_histories": "strata",
    "estimate_partitions": "lcmcr",
    "estimate_store": "store",
    "estimate_table": "methods",
    "estimate_tables": "methods",
    "group_sources": "strata",
    "lcmcr_settings": "lcmcr",
    "parse_methods": "methods",
    "person_histories": "histories",
    "posterior_draws": "lcmcr",
    "simulate_histories": "simulate",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from headcount.estimation.catalogue import DEFAULT_METHOD as DEFAULT_METHOD, METHODS as METHODS
    from headcount.estimation.errors import (
        EstimationRefused as EstimationRefused,
        Reason as Reason,
        TableError as TableError,
    )
    from headcount.estimation.histories import (
        Histories as Histories,
        person_histories as person_histories,
    )
    from headcount.estimation.lcmcr import (
        LcmcrSettings as LcmcrSettings,
        estimate_partitions as estimate_partitions,
        lcmcr_settings as lcmcr_settings,
        posterior_draws as posterior_draws,
    )
    from headcount.estimation.methods import (
        compare_methods as compare_methods,
        estimate as estimate,
        estimate_table as estimate_table,
        estimate_tables as estimate_tables,
        parse_methods as parse_methods,
    )
    from headcount.estimation.models import LogLinearModel as LogLinearModel
    from headcount.estimation.results import (
        METHOD_VERSION as METHOD_VERSION,
        Caveat as Caveat,
        Comparison as Comparison,
        Estimate as Estimate,
    )
    from headcount.estimation.simulate import simulate_histories as simulate_histories
    from headcount.estimation.store import (
        StoreEstimate as StoreEstimate,
        estimate_store as estimate_store,
    )
    from headcount.estimation.strata import (
        Refusal as Refusal,
        StratifiedEstimate as StratifiedEstimate,
        estimate_histories as estimate_histories,
        group_sources as group_sources,
    )
    from headcount.estimation.table import CaptureTable as CaptureTable
