"""Parsing a name into its parts: given and family names, kunya, nisba, patronymic (nasab).

A name in any script becomes a `ParsedName`: a tuple of `NamePart`, each with its Latin
spellings (`forms`), canonical keys (`keys`, see `equivalence.canonical`), consonant
skeletons and a weight. What the parser recognises, on Latin tokens or on Arabic words:

- titles (Sheikh, Haji, Mullah, Mawlawi, Emir, Dr …) are dropped, unless nothing else is left;
- Abu/Umm + a part is a **kunya** (`abu_bakr`); a **patronymic** follows bin/ibn/ben/bint/
  ould/ag or "son of", or is a Slavic -ovich/-evna form;
- a part found in `data/nisbas.csv` (al-Faransi, el-Masry, Shishani), when it carries an
  article or is not the first part, is a **nisba**, with the country it names — evidence of
  origin someone claimed, never proof of it;
- Abd + (article) + a name of God is one part, and so is a name + al-Din or + Allah
  (Abd al-Rahman, Nur ud-Din, Fayz Allah), however they are spaced;
- of the remaining parts the first is the given name and the last the family name (for a
  Cyrillic-style "Family Given Patronymic" name, a first part in -ov/-ev/-in is the family).

Invariant: parsing is deterministic, and every part has at least one form, key and skeleton.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from headcount.model.vocabulary import Property
from headcount.names.arabic import arabic_skeletons, romanize_part, split_parts
from headcount.names.cyrillic import cyrillic_to_latin
from headcount.names.equivalence import canonical, lookup, part_weight, skeleton
from headcount.names.normalise import fold, name_variants
from headcount.names.parts import INITIAL_WEIGHT, ROLE_WEIGHTS, NamePart, ParsedName, PartSets
from headcount.names.scripts import ARABIC, CYRILLIC, LATIN, MIXED, char_script, detect_script
from headcount.names.tables import Nisba, nisba_table, particles

_DIN_WORDS = frozenset(
    {
        "din",
        "deen",
        "dine",
        "eddine",
        "uddin",
        "eddin",
        "ddin",
        "udin",
        "edin",
        "eldin",
        "aldin",
        "uldin",
        "eldine",
        "aldine",
        "addin",
        "uddeen",
    }
)
_ALLAH_WORDS = frozenset({"allah", "ullah", "ulla", "alla", "ollah", "illah", "ullo", "ulloh"})
_ABD_WORDS = frozenset(
    {
        "abd",
        "abdul",
        "abdel",
        "abdal",
        "abdoul",
        "abdou",
        "abdu",
        "abdur",
        "abdus",
        "abder",
        "abdar",
        "abdol",
        "abdil",
        "abdoel",
        "abdool",
        "abdes",
        "abdas",
    }
)
_IDAFA_TAILS = frozenset({"rahman", "rahim", "haqq", "din", "allah", "nur", "islam", "aziz"})
"""Names that join the part before them across an article (Zia ur-Rahman, Amin ul-Haq)."""
_PATRONYMIC_ENDS = (
    "ovich",
    "evich",
    "ovych",
    "evych",
    "ovna",
    "evna",
    "ichna",
    "oglu",
    "ogly",
    "uly",
)
_FATHER_ENDS = ("ovich", "evich", "ovych", "evych", "ovna", "evna", "ichna")
"""Slavic patronymic endings that follow the father's name (Ruslan-ovich, Salman-ovna)."""
_SLAVIC_FAMILY_ENDS = ("ov", "ev", "ova", "eva", "in", "ina", "yev", "yeva", "sky", "skiy", "skaya")


def father_of(form: str) -> str | None:
    """The father's name a Slavic patronymic is made from (ruslanovich → ruslan), if any."""
    for end in _FATHER_ENDS:
        if form.endswith(end) and len(form) - len(end) >= 3:
            return form[: -len(end)]
    return None


@cache
def nisba_skeletons() -> dict[str, Nisba]:
    """Consonant skeleton → nisba, for the skeletons that name one nisba only."""
    found: dict[str, set[Nisba]] = {}
    for variant, nisba in nisba_table().items():
        found.setdefault(skeleton(variant), set()).add(nisba)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and len(k) >= 3}


NISBA_ENDINGS = ("i", "y")
"""How a nisba ends when read in Latin letters (al-Tunisi, el-Masry, الألماني)."""


def find_nisba(forms: tuple[str, ...], skeletons: tuple[str, ...] = ()) -> Nisba | None:
    """The nisba a part's Latin forms spell (any listed spelling), else the one its consonant
    skeletons name (from its forms, and from its Arabic letters when given), when the part
    ends as a nisba ends."""
    table = nisba_table()
    for form in forms:
        if form in table:
            return table[form]
    if not forms or not forms[0].endswith(NISBA_ENDINGS):
        return None
    index = nisba_skeletons()
    for key in (*skeletons, *(skeleton(f) for f in forms)):
        if key in index:
            return index[key]
    return None


def _make_part(
    text: str,
    role: Property,
    forms: tuple[str, ...],
    extra_skeletons: tuple[str, ...] = (),
) -> NamePart:
    """A part from its Latin forms: keys, skeletons and weight follow from the role."""
    return NamePart(text, role, forms, *_part_fields(role, forms, extra_skeletons))


@lru_cache(maxsize=200_000)
def _part_fields(
    role: Property, forms: tuple[str, ...], extra_skeletons: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], float, bool, str | None, PartSets]:
    """Keys, skeletons, weight, initial, country and sets of a part (shared by equal parts)."""
    if role == Property.kunya:
        keys = tuple(dict.fromkeys(_kunya_key(f, canonical(f)) for f in forms))
    else:
        keys = tuple(dict.fromkeys(canonical(f) for f in forms))
    father = father_of(forms[0]) if role == Property.patronymic else None
    if father is not None:
        # Ruslanovich is "son of Ruslan": lists that give the father's name write RUSLAN
        keys = tuple(dict.fromkeys((canonical(father), *keys)))
    own = (*(skeleton(k) for k in keys[:2]), skeleton(forms[0]))
    skeletons = tuple(dict.fromkeys((*extra_skeletons, *own)))
    if role == Property.patronymic:
        keys = (*keys, *(f"bin_{k}" for k in keys if not k.startswith("bin_")))
    nisba = find_nisba(forms, extra_skeletons) if role == Property.nisba else None
    if nisba is not None:
        keys = tuple(dict.fromkeys((nisba.canonical, *keys)))
    initial = len(forms[0]) == 1
    base = INITIAL_WEIGHT if initial else ROLE_WEIGHTS[role]
    weight = round(base * part_weight(keys[0]), 4)
    country = nisba.country if nisba else None
    sets = PartSets.of(forms, keys, skeletons, extra_skeletons)
    return keys, skeletons, weight, initial, country, sets


def _kunya_key(form: str, key: str) -> str:
    """abu_X or umm_X for a kunya's form (which starts with its marker, abu or umm)."""
    if key.startswith(("abu_", "umm_")):
        return key
    marker = "umm" if form.startswith("umm") else "abu"
    return f"{marker}_{canonical(form[len(marker) :]) if len(form) > len(marker) else key}"


def _read_latin_part(tokens: list[str], i: int) -> tuple[list[str], int, bool]:
    """The tokens of one part starting at tokens[i] (see the module doc), the next index, and
    whether it carried an article."""
    articles, after_abd = particles("article"), particles("after_abd")
    article = False
    if tokens[i] in articles and i + 1 < len(tokens) and (i > 0 or tokens[i] in ("al", "el")):
        article, i = True, i + 1
    glued = [tokens[i]]
    i += 1
    if glued[0] in _ABD_WORDS and i < len(tokens):
        j = i + 1 if tokens[i] in articles and i + 1 < len(tokens) else i
        if canonical(tokens[j]) in after_abd or tokens[j] in after_abd:
            glued += tokens[i : j + 1]
            i = j + 1
    has_article = i < len(tokens) and tokens[i] in articles and i + 1 < len(tokens)
    j = i + 1 if has_article else i
    glues = j < len(tokens) and (
        tokens[j] in _DIN_WORDS
        or tokens[j] in _ALLAH_WORDS
        or (has_article and canonical(tokens[j]) in _IDAFA_TAILS)
    )
    if glues and not canonical("".join(glued)).endswith(("_din", "_allah")):
        glued += tokens[i : j + 1]
        i = j + 1
    return glued, i, article


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DIGIT_LETTERS = str.maketrans("0134579", "oieastg")


def _latin_tokens(text: str) -> list[str]:
    """Folded tokens: SergeiLavrov is two, digits inside a word are read as the letters they
    stand for (Ig0r), and numbers alone (a year, an ordinal) are dropped."""
    tokens = fold(_CAMEL.sub(" ", text)).split()
    return [t.translate(_DIGIT_LETTERS) for t in tokens if not t.isdigit()]


def _latin_parts(text: str) -> tuple[list[tuple[str, str, bool, Property | None]], list[str]]:
    """(shown text, glued form, article, marked role) per part, and the dropped titles."""
    tokens = _latin_tokens(text)
    honorific, kunya, nasab = particles("honorific"), particles("kunya"), particles("nasab")
    out: list[tuple[str, str, bool, Property | None]] = []
    dropped: list[str] = []
    i = 0
    while i < len(tokens):
        token, start = tokens[i], i
        if token in honorific and any(t not in honorific for t in tokens):
            dropped.append(token)
            i += 1
            continue
        role: Property | None = None
        marker = ""
        if token in kunya and i + 1 < len(tokens):
            role, marker, i = (
                Property.kunya,
                "umm" if token.startswith(("u", "o")) else "abu",
                i + 1,
            )
        elif token in nasab and i + 1 < len(tokens):
            role, i = Property.patronymic, i + 1
        elif token == "son" and tokens[i + 1 : i + 2] == ["of"] and i + 2 < len(tokens):
            role, i = Property.patronymic, i + 2
        glued, i, article = _read_latin_part(tokens, i)
        out.append((" ".join(tokens[start:i]), marker + "".join(glued), article, role))
    return out, dropped


def _assign_roles(
    marked: list[Property | None],
    readings: list[tuple[str, ...]],
    articles: list[bool],
    letters: list[tuple[str, ...]] | None = None,
) -> list[Property]:
    """Roles for the parts the markers left open: nisba, patronymic, given, family."""
    roles: list[Property | None] = list(marked)
    forms = [r[0] for r in readings]
    for k, form in enumerate(forms):
        if roles[k] is not None:
            continue
        skeletons = letters[k] if letters else ()
        if (articles[k] or k > 0) and find_nisba(readings[k], skeletons) is not None:
            roles[k] = Property.nisba
        elif form.endswith(_PATRONYMIC_ENDS) and k > 0:
            roles[k] = Property.patronymic
    plain = [k for k, r in enumerate(roles) if r is None]
    if len(plain) == 1:
        roles[plain[0]] = Property.full_name
    elif plain:
        first, last = plain[0], plain[-1]
        slavic_first = forms[first].endswith(_SLAVIC_FAMILY_ENDS) and any(
            r == Property.patronymic for r in roles
        )
        for k in plain:
            roles[k] = Property.given_name
        roles[first if slavic_first else last] = Property.family_name
    return [r if r is not None else Property.full_name for r in roles]


_GLUED_NASAB = re.compile(r"^(?:bin|ben|ibn)(?:al|el)([a-z]{4,})$")
_ASSIMILATED = re.compile(r"^[ae]([tdrzsnl])\1([a-z]{3,})$")


def _with_article_dropped(form: str) -> tuple[str, ...]:
    """The form, and without a glued article when it has one: Essaadi (as-Saadi) is also
    Saadi, Alghamdi also Ghamdi. A glued al/el is taken off a known name or nisba, or off a
    word of seven letters or more (the bare form is an extra reading, never a replacement)."""
    assimilated = _ASSIMILATED.match(form)
    if assimilated:
        return form, assimilated.group(1) + assimilated.group(2)
    nasab = _GLUED_NASAB.match(form)
    if nasab:
        return form, nasab.group(1)
    rest = form[2:]
    known = rest in nisba_table() or lookup(rest) is not None
    if form[:2] in ("al", "el") and ((len(rest) >= 4 and known) or len(rest) >= 5):
        return form, rest
    return (form,)


def _parse_latin(text: str, script: str | None) -> ParsedName:
    pieces, dropped = _latin_parts(text)
    readings = [_with_article_dropped(p[1]) for p in pieces]
    roles = _assign_roles([p[3] for p in pieces], readings, [p[2] for p in pieces])
    parts = tuple(
        _make_part(piece[0], role, forms)
        for piece, forms, role in zip(pieces, readings, roles, strict=True)
    )
    return ParsedName(text, script, parts, tuple(dropped))


def _consistent(readings: tuple[str, ...], skeletons: tuple[str, ...]) -> tuple[str, ...]:
    """The readings whose skeleton the Arabic letters allow, in the romanizer's order (its
    third guess for احمد is Amar, its first for سلطان a surname it has seen in a full name:
    the letters rule both out); the first reading when the letters allow none."""
    kept = [r for r in readings if skeleton(canonical(r)) in skeletons or skeleton(r) in skeletons]
    return tuple(kept) or readings[:1]


def _parse_arabic(text: str) -> ParsedName:
    pieces = split_parts(text)
    marked = {"kunya": Property.kunya, "nasab": Property.patronymic}
    letters = [arabic_skeletons(p.core) for p in pieces]
    readings = [_consistent(romanize_part(p.core), s) for p, s in zip(pieces, letters, strict=True)]
    roles = _assign_roles(
        [marked.get(p.kind) for p in pieces], readings, [p.article for p in pieces], letters
    )
    parts = []
    for piece, forms, role in zip(pieces, readings, roles, strict=True):
        core = piece.core
        if role == Property.kunya:
            umm = _is_umm(piece.text)
            core = f"{'ام' if umm else 'ابو'}{piece.core}"
            forms = tuple(f"{'umm' if umm else 'abu'}{f}" for f in forms)
        parts.append(_make_part(piece.text, role, forms, arabic_skeletons(core)))
    return ParsedName(text, ARABIC, tuple(parts))


def _is_umm(text: str) -> bool:
    """Whether an Arabic kunya starts with أم (mother of) rather than أبو (father of)."""
    return text.split()[0].translate(str.maketrans("أإآ", "ااا")) == "ام"


def script_runs(text: str) -> list[str]:
    """A name written in several scripts cut where the script changes (digits and spaces
    stay with the run they are in)."""
    runs: list[tuple[str | None, str]] = []
    for char in text:
        script = char_script(char)
        if runs and (script is None or script == runs[-1][0] or runs[-1][0] is None):
            runs[-1] = (runs[-1][0] or script, runs[-1][1] + char)
        else:
            runs.append((script, char))
    return [t.strip() for _, t in runs if t.strip()]


@lru_cache(maxsize=100_000)
def parse_name(text: str) -> ParsedName:
    """One name (one variant, one script) split into parts; see the module doc.

    >>> [(p.role.value, p.keys[0]) for p in parse_name("Sheikh Abu Hamza al-Faransi").parts]
    [('kunya', 'abu_hamza'), ('nisba', 'faransi')]
    """
    script = LATIN if text.isascii() else detect_script(text)
    if script == ARABIC:
        return _parse_arabic(text)
    if script == CYRILLIC:
        return _parse_latin(cyrillic_to_latin(text), CYRILLIC)
    return _parse_latin(text, script)


def parse_names(text: str) -> list[ParsedName]:
    """Every name one value holds ("A (B; original script: C)"), parsed; names without any
    part are left out."""
    out: list[ParsedName] = []
    for variant in name_variants(text):
        mixed = not variant.isascii() and detect_script(variant) == MIXED
        pieces = script_runs(variant) if mixed else [variant]
        out.extend(p for p in map(parse_name, pieces) if p.parts)
    return out
