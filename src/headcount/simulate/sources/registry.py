"""Every simulated source, in the order they are drawn.

Order matters: a source's coverage may depend on whether a person is already in an
earlier one (someone in the news is likelier to be on a watch list; someone on a watch
list is likelier to be flagged on arrival and tried).
"""

from __future__ import annotations

from headcount.simulate.sources.base import SourceSpec
from headcount.simulate.sources.borders import RETURNEES, TR_BORDER
from headcount.simulate.sources.camps import CAMP_REGISTER
from headcount.simulate.sources.courts import EU_COURTS, IQ_COURTS
from headcount.simulate.sources.cyrillic_lists import CIS_LIST, RU_LIST
from headcount.simulate.sources.group_documents import DEATH_NOTICES, ENTRY_FORMS
from headcount.simulate.sources.national_lists import (
    DE_WATCHLIST,
    FR_WATCHLIST,
    GB_WATCHLIST,
    TN_WATCHLIST,
)
from headcount.simulate.sources.news import NEWS

SOURCES: tuple[SourceSpec, ...] = (
    NEWS,
    ENTRY_FORMS,
    DEATH_NOTICES,
    FR_WATCHLIST,
    GB_WATCHLIST,
    DE_WATCHLIST,
    TN_WATCHLIST,
    RU_LIST,
    CIS_LIST,
    CAMP_REGISTER,
    TR_BORDER,
    IQ_COURTS,
    EU_COURTS,
    RETURNEES,
)


def source_names() -> list[str]:
    """The names of all sources, in drawing order."""
    return [s.name for s in SOURCES]
