"""Clustering with judgements: the model links, `same` joins, `different` splits."""

from __future__ import annotations

from hypothesis import example, given, settings, strategies as st
from rapidfuzz.distance import Levenshtein

from headcount.linkage.cluster import Pairs, cluster_records
from headcount.linkage.contradictions import GroupTraits, Traits
from headcount.model.vocabulary import Decision

CHAIN = Pairs.of([(1, 2, 0.99), (2, 3, 0.95), (3, 4, 0.97), (5, 6, 0.5)])


def _together(clustering, a: int, b: int) -> bool:
    person = clustering.person_of()
    return person[a] == person[b]


def test_pairs_at_or_above_the_threshold_join_their_records() -> None:
    clustering = cluster_records(range(1, 8), CHAIN, 0.9, {})
    assert sorted(clustering.clusters.values()) == [[1, 2, 3, 4], [5], [6], [7]]
    assert clustering.reasons[1] == "model" and clustering.reasons[7] == "singleton"
    lower = cluster_records(range(1, 8), CHAIN, 0.5, {})
    assert sorted(lower.clusters.values()) == [[1, 2, 3, 4], [5, 6], [7]]


def test_a_negative_judgement_splits_a_chain_at_its_weakest_link() -> None:
    clustering = cluster_records(range(1, 8), CHAIN, 0.9, {(1, 4): Decision.different})
    assert sorted(clustering.clusters.values()) == [[1, 2], [3, 4], [5], [6], [7]]
    assert {clustering.reasons[r] for r in (1, 2, 3, 4)} == {"split"}


def test_a_positive_judgement_joins_records_the_model_kept_apart_and_is_transitive() -> None:
    decisions = {(4, 5): Decision.same, (6, 7): Decision.same}
    clustering = cluster_records(range(1, 8), CHAIN, 0.9, decisions)
    assert _together(clustering, 1, 5) and _together(clustering, 6, 7)
    assert not _together(clustering, 1, 6)
    assert clustering.reasons[5] == "judgement" and clustering.reasons[1] == "model"


def test_a_negative_judgement_wins_over_a_chain_of_positive_ones() -> None:
    decisions = {
        (1, 2): Decision.same,
        (2, 3): Decision.same,
        (1, 3): Decision.different,
        (5, 6): Decision.unsure,
    }
    clustering = cluster_records(range(1, 8), Pairs.empty(), 0.9, decisions)
    assert not _together(clustering, 1, 3)
    assert _together(clustering, 1, 2)  # the older positive judgement is applied first
    assert not _together(clustering, 5, 6)  # unsure changes nothing


def test_records_named_only_in_judgements_are_clustered_too() -> None:
    clustering = cluster_records([1], Pairs.empty(), 0.9, {(8, 9): Decision.same})
    assert sorted(clustering.clusters.values()) == [[1], [8, 9]]


records = st.integers(1, 12)
edges = st.lists(st.tuples(records, records, st.floats(0, 1)), max_size=40)
likely = st.lists(st.tuples(records, records, st.floats(0, 0.999)), max_size=40)
"""Model links below OVERWHELMING, which never join contradicting records."""
judged = st.dictionaries(
    st.tuples(records, records).filter(lambda p: p[0] < p[1]),
    st.sampled_from(list(Decision)),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(edges, judged)
def test_judgements_always_hold(pairs: list[tuple[int, int, float]], decisions) -> None:
    pairs = [(a, b, p) for a, b, p in pairs if a != b]
    clustering = cluster_records(range(1, 13), Pairs.of(pairs), 0.5, decisions)
    person = clustering.person_of()
    assert sorted(person) == list(range(1, 13))
    for (a, b), decision in decisions.items():
        if decision is Decision.different:
            assert person[a] != person[b]
    negatives = [k for k, d in decisions.items() if d is Decision.different]
    if not negatives:
        for (a, b), decision in decisions.items():
            if decision is Decision.same:
                assert person[a] == person[b]
    for key, members in clustering.clusters.items():
        assert key == min(members)


def test_model_links_never_join_records_that_contradict_each_other() -> None:
    # 1 and 3 were born ten years apart: the chain 1–2–3 breaks at its weaker link
    traits = Traits(birth_years={1: (1990, 1990), 3: (2000, 2000), 4: (2001, 2001)})
    pairs = Pairs.of([(1, 2, 0.95), (2, 3, 0.9), (3, 4, 0.99), (5, 6, 0.9)])
    clustering = cluster_records(range(1, 7), pairs, 0.5, {}, traits)
    assert sorted(clustering.clusters.values()) == [[1, 2], [3, 4], [5, 6]]
    assert {clustering.reasons[r] for r in (1, 2, 3, 4)} == {"conflict"}
    assert clustering.reasons[5] == "model"


def test_genders_and_documents_contradict_too_and_a_judgement_overrides_them() -> None:
    traits = Traits(
        gender={1: "male", 2: "female"}, documents={3: frozenset({"X1"}), 4: frozenset({"Y2"})}
    )
    pairs = Pairs.of([(1, 2, 0.99), (3, 4, 0.99)])
    apart = cluster_records(range(1, 5), pairs, 0.5, {}, traits)
    assert sorted(apart.clusters.values()) == [[1], [2], [3], [4]]
    judged = cluster_records(range(1, 5), pairs, 0.5, {(1, 2): Decision.same}, traits)
    assert _together(judged, 1, 2) and judged.reasons[1] == "judgement"


def test_fathers_names_a_letter_apart_agree_and_further_apart_contradict() -> None:
    # Джамшедович / CEMSIT (jmst / smst) are one father; Магомедович (mhmt) another
    traits = Traits(fathers={1: "jmst", 2: "smst", 3: "mhmt", 4: "jmsd"})
    pairs = Pairs.of([(1, 2, 0.99), (2, 3, 0.9), (1, 4, 0.95), (5, 6, 0.9)])
    clustering = cluster_records(range(1, 7), pairs, 0.5, {}, traits)
    # smst and jmsd are two letters apart: the weaker link to 4 is refused as well
    assert sorted(clustering.clusters.values()) == [[1, 2], [3], [4], [5, 6]]


def test_an_age_counts_by_the_year_it_allows_nearest_the_others() -> None:
    # aged 22 in 2015: born 1992 or 1993; a year off 1994 is allowed, two years off 1995 not
    traits = Traits(birth_years={1: (1992, 1993), 2: (1994, 1994), 3: (1995, 1995)})
    pairs = Pairs.of([(1, 2, 0.9), (1, 3, 0.8)])
    clustering = cluster_records(range(1, 4), pairs, 0.5, {}, traits)
    assert sorted(clustering.clusters.values()) == [[1, 2], [3]]


fathers = st.dictionaries(
    records, st.sampled_from(["mhmt", "mhmd", "ahmt", "rsln", "rslm"]), max_size=12
)


@settings(max_examples=200, deadline=None)
@given(likely, fathers)
def test_no_person_made_by_model_links_holds_fathers_two_letters_apart(
    pairs: list[tuple[int, int, float]], named: dict[int, str]
) -> None:
    pairs = [(a, b, p) for a, b, p in pairs if a != b]
    clustering = cluster_records(range(1, 13), Pairs.of(pairs), 0.5, {}, Traits(fathers=named))
    for members in clustering.clusters.values():
        said = sorted({named[r] for r in members if r in named})
        assert all(Levenshtein.distance(a, b) <= 1 for a in said for b in said)


years = st.dictionaries(
    records,
    st.tuples(st.integers(1980, 1984), st.integers(0, 1)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(likely, years)
def test_no_person_made_by_model_links_holds_birth_years_two_apart(
    pairs: list[tuple[int, int, float]], born: dict[int, tuple[int, int]]
) -> None:
    pairs = [(a, b, p) for a, b, p in pairs if a != b]
    clustering = cluster_records(range(1, 13), Pairs.of(pairs), 0.5, {}, Traits(birth_years=born))
    for members in clustering.clusters.values():
        said = [born[r] for r in members if r in born]
        # one year lies within a year of every record's range
        assert not said or max(low for low, _ in said) - min(high for _, high in said) <= 1
    plain = cluster_records(range(1, 13), Pairs.of(pairs), 0.5, {})
    if not born:
        assert clustering.clusters == plain.clusters


@settings(max_examples=100, deadline=None)
@given(likely, years, fathers)
@example([(1, 2, 0.9), (2, 3, 0.9)], {1: (1980, 1980), 2: (1981, 1981), 3: (1984, 1984)}, {})
def test_clustering_again_with_the_same_traits_gives_the_same_persons(
    pairs: list[tuple[int, int, float]], born: dict[int, tuple[int, int]], named: dict[int, str]
) -> None:
    # a record's traits are made once and shared by every clustering (`Traits.alone`);
    # groups grow in copies of their own, so a second clustering reads the records as the
    # first did, and as traits never used before
    pairs = [(a, b, p) for a, b, p in pairs if a != b]
    traits = Traits(birth_years=born, fathers=named)
    first = cluster_records(range(1, 13), Pairs.of(pairs), 0.5, {}, traits)
    again = cluster_records(range(1, 13), Pairs.of(pairs), 0.5, {}, traits)
    fresh = cluster_records(
        range(1, 13), Pairs.of(pairs), 0.5, {}, Traits(birth_years=born, fathers=named)
    )
    assert first == again == fresh
    unread = Traits(birth_years=born, fathers=named)
    assert all(GroupTraits.of(r, traits) == GroupTraits.of(r, unread) for r in range(1, 13))


def test_a_clerical_slip_in_a_birth_date_or_document_is_no_contradiction() -> None:
    traits = Traits(
        birth_years={1: (1968, 1968), 2: (1918, 1918), 5: (1968, 1968), 6: (1990, 1990)},
        birth_days={1: "1968-02-16", 2: "1918-02-16", 5: "1968-02-16", 6: "1990-07-03"},
        documents={
            3: frozenset({"216351439"}),
            4: frozenset({"216315439"}),
            7: frozenset({"216351439"}),
            8: frozenset({"884027113"}),
        },
    )
    pairs = Pairs.of([(1, 2, 0.99), (5, 6, 0.99), (3, 4, 0.99), (7, 8, 0.99)])
    clusters = sorted(cluster_records(range(1, 9), pairs, 0.5, {}, traits).clusters.values())
    # one digit and two swapped digits are slips; 1968 / 1990 and unrelated numbers are not
    assert clusters == [[1, 2], [3, 4], [5], [6], [7], [8]]


def test_an_overwhelming_link_outweighs_its_own_records_contradiction_only() -> None:
    traits = Traits(
        birth_years={1: (1933, 1933), 2: (1994, 1994), 4: (1950, 1950), 5: (1980, 1980)}
    )
    # 1–2 contradict and are linked at 0.99999; 3 joins 4 and 5 (which contradict) at 0.99999
    # through links of their own records that do not contradict
    pairs = Pairs.of([(1, 2, 0.99999), (3, 4, 0.99999), (3, 5, 0.99998), (6, 7, 0.999)])
    weak = Traits(birth_years={**traits.birth_years, 6: (1960, 1960), 7: (1990, 1990)})
    clusters = sorted(cluster_records(range(1, 8), pairs, 0.5, {}, weak).clusters.values())
    assert clusters == [[1, 2], [3, 4], [5], [6], [7]]


def test_a_weak_link_never_joins_groups_whose_birth_dates_disagree() -> None:
    # the tutorial's false merge: two watch-list persons sharing a kunya, born weeks apart
    # on their documents (1 and 4), joined through kunya-only news reports (2, 3)
    traits = Traits(
        birth_years={1: (1990, 1990), 4: (1990, 1990)},
        birth_days={1: "1990-03-14", 4: "1990-04-21"},
    )
    pairs = Pairs.of([(1, 2, 0.97), (3, 4, 0.96), (2, 3, 0.57)])
    clustering = cluster_records(range(1, 5), pairs, 0.5, {}, traits)
    assert sorted(clustering.clusters.values()) == [[1, 2], [3, 4]]
    assert {clustering.reasons[r] for r in (1, 2, 3, 4)} == {"conflict"}
    # a firm link outweighs the disagreement; a `same` judgement always does
    firm = Pairs.of([(1, 2, 0.97), (3, 4, 0.96), (2, 3, 0.96)])
    assert len(cluster_records(range(1, 5), firm, 0.5, {}, traits).clusters) == 1
    judged = cluster_records(range(1, 5), pairs, 0.5, {(2, 3): Decision.same}, traits)
    assert len(judged.clusters) == 1


def test_a_slip_or_the_other_reading_of_a_date_is_no_disagreement() -> None:
    traits = Traits(
        birth_years={1: (1990, 1990), 2: (1990, 1990), 3: (1990, 1990), 4: (1990, 1990)},
        birth_days={1: "1990-03-14", 2: "1990-03-15", 3: "1990-03-05", 4: "1990-05-03"},
        other_days={3: "1990-05-03"},
    )
    pairs = Pairs.of([(1, 2, 0.6), (3, 4, 0.6)])
    clusters = sorted(cluster_records(range(1, 5), pairs, 0.5, {}, traits).clusters.values())
    assert clusters == [[1, 2], [3, 4]]


def test_a_weak_link_never_joins_groups_with_no_citizenship_in_common() -> None:
    traits = Traits(
        citizenships={1: frozenset({"FRA"}), 2: frozenset({"TUN"}), 3: frozenset({"TUN", "FRA"})}
    )
    pairs = Pairs.of([(1, 2, 0.7), (1, 3, 0.7)])
    clusters = sorted(cluster_records(range(1, 4), pairs, 0.5, {}, traits).clusters.values())
    assert clusters == [[1, 3], [2]]
