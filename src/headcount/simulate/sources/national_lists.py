"""The national watch lists of origin countries, each in its own language and spelling habits.

- `fr-watchlist` — French (restricted): `nom`, `prenom`, French spellings (Mohamed,
  Abdelkader, Chamil), French country names, dates `12/05/2016`;
- `gb-watchlist` — British (restricted): `surname`, `forenames`, English spellings
  (Mohammed, Abdul Qadir), English country names;
- `de-watchlist` — German: `Familienname`, `Vornamen`, German spellings (Dschamal,
  Schamil), ISO codes for nationality;
- `tn-watchlist` — Tunisian: Arabic headers, names in Arabic script, Arabic country names.

What they share (knowledge, eligibility, rendering, statuses, noise, the rest of the spec)
is `watchlists`.
"""

from __future__ import annotations

from headcount.simulate.noise import NoiseProfile
from headcount.simulate.sources.base import Column, Coverage
from headcount.simulate.sources.watchlists import LIST_NOISE, ListStyle, national_list

EVENT_COLUMNS_FR = (
    Column("date_depart", "departed_date"),
    Column("date_entree_zone", "entered_theatre_date"),
    Column("zone", "entered_theatre_place"),
    Column("derniere_localisation", "sighted_place"),
    Column("date_localisation", "sighted_date"),
    Column("date_deces", "killed_date"),
    Column("lieu_deces", "killed_place"),
    Column("date_info_deces", "killed_reported_on"),
    Column("fiabilite_deces", "killed_credibility"),
    Column("date_detention", "detained_date"),
    Column("lieu_detention", "detained_place"),
    Column("date_liberation", "released_date"),
    Column("autre_theatre", "relocated_place"),
    Column("date_autre_theatre", "relocated_date"),
    Column("date_retour", "returned_date"),
    Column("date_judiciarisation", "prosecuted_date"),
)

FR_WATCHLIST = national_list(
    name="fr-watchlist",
    publisher="Ministère de l'Intérieur (generated)",
    published="2017-11-30",
    language="fr",
    reliability="B",
    credibility=2,
    date_style="dmy",
    columns=(
        Column("identifiant", "record_id"),
        Column("nom", "family_name"),
        Column("prenom", "given_name"),
        Column("alias", "alias", separator="|"),
        Column("date_naissance", "birth_date"),
        Column("nationalite", "citizenship", separator=";"),
        Column("sexe", "gender"),
        *EVENT_COLUMNS_FR,
        Column("statut", "ignore", slot="status"),
        Column("date_maj", "reported_on"),
    ),
    coverage=Coverage(
        base=2.4, visibility=0.6, minors=-1.2, women=-0.2, depends_on={"news-reports": 1.0}
    ),
    noise=LIST_NOISE,
    style=ListStyle(
        "FRA",
        "fr",
        "fr",
        ("M", "F"),
        {
            "departed": "parti",
            "in_theatre": "en zone",
            "killed": "décédé",
            "killed_reported": "présumé décédé",
            "detained": "détenu",
            "returned": "de retour",
            "relocated": "autre théâtre",
        },
        sighting=0.6,
    ),
    description="French national watch list of those who left for Syria and Iraq.",
    id_prefix="FR-",
)

GB_WATCHLIST = national_list(
    name="gb-watchlist",
    publisher="Home Office (generated)",
    published="2018-06-30",
    language="en",
    reliability="B",
    credibility=2,
    date_style="dmy",
    columns=(
        Column("ref", "record_id"),
        Column("surname", "family_name"),
        Column("forenames", "given_name"),
        Column("aka", "alias"),
        Column("dob", "birth_date"),
        Column("pob", "birth_place"),
        Column("nationality", "citizenship"),
        Column("gender", "gender"),
        Column("date_left_uk", "departed_date"),
        Column("last_known_location", "sighted_place"),
        Column("last_known_date", "sighted_date"),
        Column("date_of_death", "killed_date"),
        Column("place_of_death", "killed_place"),
        Column("death_reported", "killed_reported_on"),
        Column("death_grading", "killed_credibility"),
        Column("detained_date", "detained_date"),
        Column("detained_where", "detained_place"),
        Column("returned_uk", "returned_date"),
        Column("charged", "prosecuted_date"),
        Column("assessment", "ignore", slot="status"),
        Column("updated", "reported_on"),
    ),
    coverage=Coverage(
        base=1.7, visibility=0.7, minors=-1.5, women=-0.3, depends_on={"news-reports": 1.0}
    ),
    noise=NoiseProfile(
        variant=0.12,
        typo=0.02,
        swap_order=0.03,
        drop_nasab=0.8,
        add_nasab=0.1,
        year_only=0.02,
        month_only=0.0,
        day_month_swap=0.03,
        missing_birth_date=0.03,
        wrong_citizenship=0.02,
        duplicate=0.02,
    ),
    style=ListStyle(
        "GBR",
        "en",
        "en",
        ("Male", "Female"),
        {
            "departed": "travelled",
            "in_theatre": "in theatre",
            "killed": "deceased",
            "killed_reported": "reported deceased",
            "detained": "detained",
            "returned": "returned",
            "relocated": "third country",
        },
        sighting=0.5,
    ),
    description="British list of those known to have travelled to Syria and Iraq.",
    id_prefix="UK",
)

DE_WATCHLIST = national_list(
    name="de-watchlist",
    publisher="Bundeskriminalamt (generated)",
    published="2019-03-31",
    language="de",
    reliability="B",
    credibility=2,
    date_style="dmy",
    columns=(
        Column("Kennung", "record_id"),
        Column("Familienname", "family_name"),
        Column("Vornamen", "given_name"),
        Column("Aliasnamen", "alias"),
        Column("Geburtsdatum", "birth_date"),
        Column("Geburtsort", "birth_place"),
        Column("Staatsangehoerigkeit", "citizenship"),
        Column("Geschlecht", "gender"),
        Column("Ausreise", "departed_date"),
        Column("Aufenthaltsort", "sighted_place"),
        Column("Aufenthalt_Stand", "sighted_date"),
        Column("Todesdatum", "killed_date"),
        Column("Todesort", "killed_place"),
        Column("Festnahme", "detained_date"),
        Column("Festnahmeort", "detained_place"),
        Column("Rueckkehr", "returned_date"),
        Column("Anklage", "prosecuted_date"),
        Column("Status", "ignore", slot="status"),
        Column("Stand", "reported_on"),
    ),
    coverage=Coverage(
        base=1.6, visibility=0.6, minors=-1.5, women=-0.3, depends_on={"news-reports": 1.0}
    ),
    noise=NoiseProfile(
        variant=0.12,
        typo=0.02,
        swap_order=0.02,
        drop_nasab=1.0,
        add_nasab=0.0,
        year_only=0.02,
        month_only=0.0,
        day_month_swap=0.01,
        missing_birth_date=0.03,
        wrong_citizenship=0.03,
        duplicate=0.02,
    ),
    style=ListStyle(
        "DEU",
        "de",
        "iso",
        ("m", "f"),
        {
            "departed": "ausgereist",
            "in_theatre": "im Kampfgebiet",
            "killed": "verstorben",
            "killed_reported": "mutmaßlich verstorben",
            "detained": "in Haft",
            "returned": "zurückgekehrt",
            "relocated": "Drittstaat",
        },
    ),
    description="German list of Islamists who left for Syria and Iraq.",
    id_prefix="BKA-",
)

TN_WATCHLIST = national_list(
    name="tn-watchlist",
    publisher="وزارة الداخلية (generated)",
    published="2017-06-30",
    language="ar",
    reliability="C",
    credibility=3,
    date_style="iso",
    columns=(
        Column("المعرف", "record_id"),
        Column("الاسم", "given_name"),
        Column("اسم_الأب", "patronymic"),
        Column("اللقب", "family_name"),
        Column("الكنية", "kunya"),
        Column("تاريخ_الولادة", "birth_date"),
        Column("مكان_الولادة", "birth_place"),
        Column("الجنسية", "citizenship"),
        Column("الجنس", "gender"),
        Column("تاريخ_المغادرة", "departed_date"),
        Column("تاريخ_الوفاة", "killed_date"),
        Column("مكان_الوفاة", "killed_place"),
        Column("تاريخ_الإيقاف", "detained_date"),
        Column("مكان_الإيقاف", "detained_place"),
        Column("تاريخ_العودة", "returned_date"),
        Column("الوضعية", "ignore", slot="status"),
        Column("تاريخ_التحيين", "reported_on"),
    ),
    coverage=Coverage(
        base=0.6, visibility=0.5, minors=-1.5, women=-0.5, depends_on={"news-reports": 0.8}
    ),
    noise=NoiseProfile(
        variant=0.15,
        typo=0.02,
        swap_order=0.0,
        drop_nasab=0.1,
        add_nasab=0.0,
        year_only=0.08,
        month_only=0.0,
        day_month_swap=0.0,
        missing_birth_date=0.05,
        wrong_citizenship=0.01,
        duplicate=0.03,
    ),
    style=ListStyle(
        "TUN",
        "ar",
        "ar",
        ("ذكر", "أنثى"),
        {
            "departed": "غادر",
            "in_theatre": "في بؤر التوتر",
            "killed": "متوفى",
            "killed_reported": "متوفى (غير مؤكد)",
            "detained": "موقوف",
            "returned": "عائد",
            "relocated": "ليبيا",
        },
        sighting=0.2,
    ),
    description="Tunisian Interior Ministry list of those who left for conflict zones.",
    id_prefix="TN",
)
