"""Hypothesis strategies for the readers and mappings of `headcount.ingest`.

They live under tests/, beside the tests that use them, as hypothesis is a development
dependency.

- `cells()`: text a cell of a real file may hold (any script, punctuation, spaces, quotes,
  separators, line breaks), and never what no text file holds (NUL, other control
  characters, lone surrogates);
- `tables()`: a header of distinct column names and rows of cells;
- `mapping_documents()`: YAML-ready mappings, valid or not, built from the keys a mapping
  has and values of every type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from headcount.model.vocabulary import EVENT_FIELDS, EventKind, Property

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

_FORBIDDEN = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")


def cells(*, line_breaks: bool = True) -> SearchStrategy[str]:
    """Text a cell may hold (see the module doc)."""
    from hypothesis import strategies as st

    blacklist = _FORBIDDEN + "\x7f" + ("" if line_breaks else "\n\r")
    alphabet = st.characters(exclude_categories=["Cs"], exclude_characters=blacklist)
    return st.text(alphabet, max_size=40)


def column_names() -> SearchStrategy[str]:
    """Header names: headcount's own (`full_name`, `killed_date`), or plain words."""
    from hypothesis import strategies as st

    own = [p.value for p in Property] + [f"{k.value}_date" for k in EventKind]
    plain = st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,11}[A-Za-z0-9]", fullmatch=True)
    return st.one_of(st.sampled_from(own), plain.filter(_not_event_like))


def _not_event_like(name: str) -> bool:
    from headcount.ingest.mapping import Mapping, suspicious

    return suspicious(name, Mapping()) is None


def tables(*, line_breaks: bool = True) -> SearchStrategy[tuple[list[str], list[list[str]]]]:
    """(header, rows): distinct column names and rows as wide as the header."""
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Any) -> tuple[list[str], list[list[str]]]:
        header = draw(st.lists(column_names(), min_size=1, max_size=6, unique_by=str.strip))
        row = st.lists(cells(line_breaks=line_breaks), min_size=len(header), max_size=len(header))
        return header, draw(st.lists(row, max_size=8))

    return build()


def mapping_documents() -> SearchStrategy[dict[str, Any]]:
    """Mappings as YAML would give them: the keys a mapping has, with values good and bad."""
    from hypothesis import strategies as st

    anything = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=12),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=6,
    )
    targets = st.sampled_from(
        [p.value for p in Property]
        + [f"{k.value}_{f}" for k in EventKind for f in EVENT_FIELDS]
        + ["record_id", "ignore", "nonsense"]
    )
    rule = st.one_of(
        targets,
        st.fixed_dictionaries(
            {"property": targets},
            optional={
                "separator": st.sampled_from([";", "|", ""]),
                "item": anything,
                "where": anything,
                "format": st.sampled_from(["DMY", "MDY", "YMD"]),
            },
        ),
        st.lists(
            st.fixed_dictionaries({"property": targets, "item": st.just("{name}")}), max_size=2
        ),
        anything,
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "source": st.one_of(
                st.fixed_dictionaries(
                    {"name": st.text(max_size=210)},
                    optional={
                        "kind": st.text(max_size=20),
                        "reliability": st.text(max_size=2),
                        "compartment": st.sampled_from(["open", "restricted", "secret"]),
                        "published": st.text(max_size=12),
                    },
                ),
                anything,
            ),
            "columns": st.one_of(
                st.dictionaries(st.text(min_size=1, max_size=12), rule, max_size=4), anything
            ),
            "credibility": st.one_of(st.integers(-2, 9), anything),
            "date_format": st.sampled_from(["DMY", "MDY", "auto", "xyz"]),
            "records": anything,
            "null_values": anything,
            "duplicate_ids": st.sampled_from(["refuse", "keep_all", "keep_first", "merge"]),
            "unknown_key": anything,
        },
    )
