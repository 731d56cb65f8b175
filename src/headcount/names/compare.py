"""Comparing two names: a score in [0, 1] and the alignment of parts that explains it.

How the score is made (the rules and figures are in docs/methodology/names.md):

1. Both names are parsed (`parse.parse_names`; every script becomes Latin parts).
2. Each pair of parts gets a similarity by the first rule that holds: **exact** (a Latin form
   in common) 1.0; **equivalent** (a canonical key in common: Mohamed/Muhammad) 0.95;
   **skeleton** (a consonant skeleton in common, three letters or more) 0.85, two letters 0.7;
   **fuzzy** (similarity s ≥ 0.8 between forms or keys, by an edit distance where a vowel
   or the h of a digraph costs ½: `_distance`) s^1.5; for parts left over, **short form** (a
   compound and its everyday short form: Basir, Abd al-Basir; Nur, Nur al-Din) 0.8 and
   **prefix** (one part starts the other: Akhund, Akhundzada) 0.7; **initial** (an initial
   and a part it begins) 0.6. A nisba is compared only with a nisba, and two different names
   of the table (Omar, Amir; Hasan, Husayn) score 0 however alike they look.
3. Parts are aligned one to one to maximise the weighted similarity (`assignment`), so
   order does not matter; two adjacent parts left over on one side may then be **glued** to
   match one part on the other (Wiji Joko / Wijijoko).
4. score = Σ sim·w over aligned pairs / (Σ w over aligned pairs + Σ w over *conflicts* +
   `EXTRA_FACTOR` (0.15) · Σ w over *extras*). A pair's w is the mean of its parts' weights (common names and
   kunyas, nisbas and initials weigh less). Unaligned parts of the same kind on both sides are
   conflicts (Ali against Yusuf: evidence against); the others are extras (a missing middle
   name: little evidence either way).
5. Caps, so that a name alone never says more than it can: when every aligned pair involves a
   kunya or a nisba the score is at most `KUNYA_NISBA_CAP`; when one plain part is all that
   aligns and either name has more — or the aligned plain parts are so common that their
   evidence (Σ sim·w) is below `MIN_EVIDENCE` (Muhammad Hassan within Muhammad Hassan Akhund)
   — at most `SINGLE_PART_CAP`. Both caps are below `SCREENING_THRESHOLD`, which is below
   `STRONG_THRESHOLD`.

Invariants: `compare_names(a, b).score == compare_names(b, a).score` exactly (the pair is put
in a fixed order before any arithmetic); the score is in [0, 1]; a name with at least one part
that is not a kunya or nisba scores 1.0 against itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from headcount.model.vocabulary import Property
from headcount.names.assignment import best_pairs
from headcount.names.parse import parse_names
from headcount.names.parts import INITIAL_WEIGHT, ROLE_WEIGHTS, NamePart, ParsedName
from headcount.names.similarity import (
    EQUIVALENT,
    EXACT,
    FUZZY,
    GLUED,
    SKELETON,
    consonants,
    part_similarity,
)
from headcount.names.tables import particles

SCREENING_THRESHOLD = 0.80
"""A name pair at or above this is reported as a match by screening (a candidate for review)."""
STRONG_THRESHOLD = 0.90
"""Name evidence strong enough to support a merge (never alone: DESIGN, "Safeguards")."""
KUNYA_NISBA_CAP = 0.60
"""The most a name pair scores when only kunyas or nisbas align."""
SINGLE_PART_CAP = 0.75
"""The most a name pair scores when a single plain part aligns and either name has more."""

CONFLICT, EXTRA, SHIFT = "conflict", "extra", "shift"
MIN_PART_SCORE = 0.50
EXTRA_FACTOR = 0.15
HEAD_CONFLICT_FACTOR = 2.0
SHIFT_FACTOR = 1.5
SHIFT_MIN_WEIGHT = 0.5
CHAIN_PARTS = 3
"""Plain parts after a common given name that make the name a chain of generations."""
MIN_EVIDENCE = 1.5
"""Σ similarity × weight the plain parts must reach when either name has parts left over."""
EXTRA_EVIDENCE = 0.1
"""What MIN_EVIDENCE rises by for each plain part left over beyond the first: two common
given names that begin a five-part name (Djamel Mostafa, Jamal Mustafa Abdallah Sultan
al-Tikriti) say less than the same two against a three-part name."""
ORDER_BONUS = 1e-3
GLUE_FLOOR = 0.80

_WEAK_ROLES = frozenset({Property.kunya, Property.nisba})


@dataclass(frozen=True, slots=True)
class PartAlignment:
    """Parts of the left and right name aligned by a rule (one side empty for an extra)."""

    left: tuple[NamePart, ...]
    right: tuple[NamePart, ...]
    rule: str
    score: float
    weight: float

    def describe(self) -> str:
        """The parts as written, the rule, its score and what they share, e.g.
        `mehmet ≈ muhammad (equivalent 0.95: muhammad)`."""
        left = "+".join(p.text for p in self.left) or "–"
        right = "+".join(p.text for p in self.right) or "–"
        shared = self._shared()
        detail = f": {shared}" if shared else ""
        return f"{left} ≈ {right} ({self.rule} {self.score:.2f}{detail})"

    def _shared(self) -> str:
        """The form, key or skeleton an exact, equivalent or skeleton rule found in common."""
        if len(self.left) != 1 or len(self.right) != 1:
            return ""
        a, b = self.left[0].lookup_sets(), self.right[0].lookup_sets()
        pools = {EXACT: (a.forms, b.forms), EQUIVALENT: (a.keys, b.keys)}
        pools[SKELETON] = (a.skeletons, b.skeletons)
        if self.rule not in pools:
            return ""
        common = pools[self.rule][0] & pools[self.rule][1]
        return min(common, key=lambda s: (-len(s), s)) if common else ""


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The score of a name pair, the parsed names and the alignment that explains it."""

    score: float
    left: ParsedName | None
    right: ParsedName | None
    alignments: tuple[PartAlignment, ...]
    cap: str | None = None

    def explain(self) -> str:
        """One line: every alignment, and the cap if one applied."""
        text = "; ".join(a.describe() for a in self.alignments) or "no parts"
        return f"{text}; capped: {self.cap}" if self.cap else text

    def swapped(self) -> NameComparison:
        """The same comparison seen from the other side."""
        flipped = tuple(
            PartAlignment(a.right, a.left, a.rule, a.score, a.weight) for a in self.alignments
        )
        return NameComparison(self.score, self.right, self.left, flipped, self.cap)


def _glue(parts: tuple[NamePart, ...]) -> NamePart:
    """Two adjacent parts read as one (their first forms and keys concatenated).

    The glued part's fields are computed afresh, not through the parser's cache of parts: a
    glued form is new for nearly every pair of names, so caching it only churned that cache,
    and what it held outside the frozen generation made the garbage collector's full
    collections walk hundreds of thousands of objects in the middle of a screening query
    (issue 16)."""
    from headcount.names.parse import _part_fields

    form = "".join(p.forms[0] for p in parts)
    role = parts[0].role if parts[0].role not in _WEAK_ROLES else Property.full_name
    keys, skeletons, _, _, _, sets = _part_fields.__wrapped__(role, (form,), ())
    return NamePart(
        " ".join(p.text for p in parts),
        role,
        (form,),
        keys,
        skeletons,
        sum(p.weight for p in parts) / len(parts),
        False,
        None,
        sets,
    )


def _align(
    left: tuple[NamePart, ...] | list[NamePart],
    right: tuple[NamePart, ...] | list[NamePart],
    prefix: bool = False,
) -> list[PartAlignment]:
    """One-to-one alignment of parts maximising Σ sim·w; pairs below MIN_PART_SCORE are dropped."""
    if not left or not right:
        return []
    sims = [[part_similarity(a, b, prefix) for b in right] for a in left]
    # a tiny bonus for parts in the same place breaks ties in favour of the written order
    n, m = max(len(left) - 1, 1), max(len(right) - 1, 1)
    value = [
        [
            s * (a.weight + b.weight) / 2 + ORDER_BONUS * (1 - abs(i / n - j / m))
            for j, ((s, _), b) in enumerate(zip(row, right, strict=True))
        ]
        for i, (row, a) in enumerate(zip(sims, left, strict=True))
    ]
    out = []
    for i, j in best_pairs(value):
        score, rule = sims[i][j]
        if score >= MIN_PART_SCORE:
            weight = (left[i].weight + right[j].weight) / 2
            out.append(PartAlignment((left[i],), (right[j],), rule, score, weight))
    return out


def _glue_leftovers(
    left: list[NamePart], right: list[NamePart], aligned: list[PartAlignment]
) -> None:
    """Align two adjacent leftover parts on one side with one leftover on the other, in place."""
    for ours, theirs, flip in ((left, right, False), (right, left, True)):
        for k in range(len(ours) - 1):
            pair = (ours[k], ours[k + 1])
            length = len(pair[0].forms[0]) + len(pair[1].forms[0])
            near = [o for o in theirs if abs(len(o.forms[0]) - length) <= max(3, length // 4)]
            if not near:
                continue
            glued = _glue(pair)
            for other in near:
                score, rule = part_similarity(glued, other)
                shared = set(glued.skeletons) & set(other.skeletons)
                long_skeleton = any(consonants(s) >= 5 for s in shared)
                if (score >= GLUE_FLOOR and rule in (EXACT, EQUIVALENT, FUZZY)) or long_skeleton:
                    weight = (glued.weight + other.weight) / 2
                    lhs, rhs = ((other,), pair) if flip else (pair, (other,))
                    aligned.append(PartAlignment(lhs, rhs, GLUED, score, weight))
                    del ours[k : k + 2]
                    theirs.remove(other)
                    return


def _kind(part: NamePart) -> str:
    return part.role.value if part.role in _WEAK_ROLES else "name"


def _head(name: ParsedName) -> NamePart | None:
    """The given name: the first part in the given-name role (None for a one-part name)."""
    heads = name.parts_with(Property.given_name)
    return heads[0] if heads else None


def _title_like(part: NamePart) -> bool:
    """A bare Abdul, or a word that is a title as often as a name (Hafiz, Syed, Mir)."""
    return part.keys[0] == "abd" or part.forms[0] in particles("title_name")


def _is_chain(
    name: ParsedName, head: NamePart, other: ParsedName, aligned: list[PartAlignment]
) -> bool:
    """Whether `name` is `head` followed by `other`: every plain part after the head aligned,
    in the same order, with parts of `other` (Raghad + Saddam Hussein al-Tikriti)."""
    if _title_like(head):
        return False
    tail = [p for p in name.parts[name.parts.index(head) + 1 :] if p.role not in _WEAK_ROLES]
    if head.weight < SHIFT_MIN_WEIGHT and len(tail) < CHAIN_PARTS:
        return False
    partner: dict[int, int] = {}
    for al in aligned:
        sides = (
            (al.left, al.right) if any(p in name.parts for p in al.left) else (al.right, al.left)
        )
        for p in sides[0]:
            partner[id(p)] = min(other.parts.index(q) for q in sides[1])
    positions = [partner.get(id(p), -1) for p in tail]
    return bool(tail) and min(positions) >= 0 and positions == sorted(positions)


def _head_rules(
    a: ParsedName,
    b: ParsedName,
    left: list[NamePart],
    right: list[NamePart],
    aligned: list[PartAlignment],
) -> list[PartAlignment]:
    """Given names that do not align weigh more than other parts, in place on the leftovers.

    Two given names left over are a conflict counted `HEAD_CONFLICT_FACTOR` times (brothers
    share a father's and a family name). A name that is a given name followed by the whole
    other name, in order, is the Arabic chain of a child and a parent (Raghad Saddam Hussein
    and Saddam Hussein): a *shift*, its given name counted `SHIFT_FACTOR` times its role's
    weight (a generation more says as much against as a conflict, however common the name),
    unless the part is so common that dropping it is usual (Muhammad Zafar Iqbal) and the rest
    is shorter than a chain of `CHAIN_PARTS` (Muhammad Barzan Ibrahim Hasan is Barzan Ibrahim
    Hasan's son).
    """
    head_a, head_b = _head(a), _head(b)
    if head_a is None or head_b is None:
        return []
    a_left, b_left = head_a in left, head_b in right
    if a_left and b_left and not (_title_like(head_a) or _title_like(head_b)):
        left.remove(head_a)
        right.remove(head_b)
        weight = HEAD_CONFLICT_FACTOR * (_role_weight(head_a) + _role_weight(head_b)) / 2
        return [PartAlignment((head_a,), (head_b,), CONFLICT, 0.0, weight)]
    for head, leftovers, flip, name, other in (
        (head_a, left, False, a, b),
        (head_b, right, True, b, a),
    ):
        if head in leftovers and _is_chain(name, head, other, aligned):
            leftovers.remove(head)
            sides: tuple[tuple[NamePart, ...], tuple[NamePart, ...]] = ((), (head,))
            lhs, rhs = sides if flip else sides[::-1]
            return [PartAlignment(lhs, rhs, SHIFT, 0.0, SHIFT_FACTOR * _role_weight(head))]
    return []


def _role_weight(part: NamePart) -> float:
    """A part's weight before its commonness: what a conflict costs. Sharing Muhammad says
    little, but Muhammad against Ali says as much as any two different names."""
    return INITIAL_WEIGHT if part.initial else ROLE_WEIGHTS[part.role]


def _leftovers(left: list[NamePart], right: list[NamePart]) -> list[PartAlignment]:
    """Unaligned parts: conflicts (same kind on both sides, heaviest paired first; weighed by
    role, not commonness), then extras."""
    out: list[PartAlignment] = []
    for kind in ("name", Property.kunya.value, Property.nisba.value):
        ls = sorted((p for p in left if _kind(p) == kind), key=lambda p: -p.weight)
        rs = sorted((p for p in right if _kind(p) == kind), key=lambda p: -p.weight)
        for a, b in zip(ls, rs, strict=False):
            weight = (_role_weight(a) + _role_weight(b)) / 2
            out.append(PartAlignment((a,), (b,), CONFLICT, 0.0, weight))
        for p in ls[len(rs) :]:
            out.append(PartAlignment((p,), (), EXTRA, 0.0, EXTRA_FACTOR * p.weight))
        for p in rs[len(ls) :]:
            out.append(PartAlignment((), (p,), EXTRA, 0.0, EXTRA_FACTOR * p.weight))
    return out


def _cap(
    aligned: list[PartAlignment], rest: list[PartAlignment], identical: bool
) -> tuple[float, str | None]:
    """The cap the evidence rules put on a score (1.0 when none applies)."""
    has_leftovers = bool(rest)
    strong = [
        a
        for a in aligned
        if not any(p.role in _WEAK_ROLES or p.initial for p in (*a.left, *a.right))
    ]
    if aligned and not strong:
        return KUNYA_NISBA_CAP, "only a kunya, nisba or initial aligns"
    parts = sum(max(len(a.left), len(a.right)) for a in strong)
    if parts == 1 and (has_leftovers or (len(aligned) == 1 and not identical)):
        return SINGLE_PART_CAP, "a single name part aligns"
    evidence = sum(a.score * a.weight for a in strong)
    extras = sum(
        a.rule == EXTRA and not any(p.role in _WEAK_ROLES for p in (*a.left, *a.right))
        for a in rest
    )
    if has_leftovers and evidence < MIN_EVIDENCE + EXTRA_EVIDENCE * max(0, extras - 1):
        return SINGLE_PART_CAP, f"the aligned parts are common names (evidence {evidence:.2f})"
    return 1.0, None


def _unused(name: ParsedName, aligned: list[PartAlignment]) -> list[NamePart]:
    """The parts of a name that no alignment uses, in their written order."""
    used = {id(p) for al in aligned for p in (*al.left, *al.right)}
    return [p for p in name.parts if id(p) not in used]


def compare_parsed(a: ParsedName, b: ParsedName) -> NameComparison:
    """Compare two parsed names (see the module doc); symmetric by construction."""
    if (b.original, b.latin) < (a.original, a.latin):
        return compare_parsed(b, a).swapped()
    aligned = _align(a.parts, b.parts)
    left, right = _unused(a, aligned), _unused(b, aligned)
    if left and right:
        _glue_leftovers(left, right, aligned)
    if left and right:  # shortened parts last, so that glued parts win over them
        aligned += _align(left, right, prefix=True)
        left, right = _unused(a, aligned), _unused(b, aligned)
    rest = _head_rules(a, b, left, right, aligned) + _leftovers(left, right)
    numerator = sum(al.score * al.weight for al in aligned)
    denominator = sum(al.weight for al in aligned) + sum(al.weight for al in rest)
    score = numerator / denominator if denominator > 0 else 0.0
    cap, reason = _cap(aligned, rest, a.latin == b.latin)
    if score > cap:
        score = cap
    else:
        reason = None
    return NameComparison(round(min(score, 1.0), 6), a, b, tuple(aligned + rest), reason)


def compare_names(a: str | ParsedName, b: str | ParsedName) -> NameComparison:
    """Compare two names in any script; a value holding several names ("A (B)") is compared
    by its best-matching name.

    >>> compare_names("Youssef Abdelkader", "يوسف عبد القادر").score >= STRONG_THRESHOLD
    True
    >>> compare_names("Abu Hamza al-Masri", "Abu Hamza").score <= KUNYA_NISBA_CAP
    True
    """
    lefts = [a] if isinstance(a, ParsedName) else parse_names(a)
    rights = [b] if isinstance(b, ParsedName) else parse_names(b)
    best: NameComparison | None = None
    for x, y in product(lefts, rights):
        result = compare_parsed(x, y)
        if best is None or result.score > best.score:
            best = result
    return best or NameComparison(0.0, None, None, ())
