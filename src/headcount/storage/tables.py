"""The store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Invariants kept by the schema and by every writer:
- Nothing is overwritten. Records, statements, events, judgements and audit entries are
  only ever inserted; a correction is a new statement or judgement, a retraction is a row
  in `judgement_retractions`.
- A record's raw row is kept verbatim (JSON text) with its content hash, unique within its
  source, so re-ingesting the same rows adds nothing.
- Persons are derived: `person_records` says, per linkage run, which person each record
  belongs to; the current persons are those of the latest finished run.

Migrations in `storage/migrations/` build exactly this schema (a test compares them).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

# Named constraints so that migrations can refer to them on every dialect.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER keys only

sources = Table(
    "sources",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("publisher", Text),
    Column("published", String(40)),
    Column("language", String(20)),
    Column("reliability", String(1), nullable=False),
    Column("compartment", String(20), nullable=False),
    Column("description", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("country", String(3)),
    CheckConstraint("reliability IN ('A','B','C','D','E','F')", name="reliability"),
)
"""`country`: for a national source (a ministry's or a court's list of its own citizens and
residents who left), that country's ISO 3166 alpha-3 code; None for a source that records
people of any country (the press, a court or camp of the theatre). Accounting reads it as
evidence of where a person left from (`accounting.origin`)."""

ingests = Table(
    "ingests",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("source_id", ForeignKey("sources.id"), nullable=False, index=True),
    Column("file_name", Text, nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("records_added", Integer, nullable=False),
    Column("user_name", String(100), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("source_id", ForeignKey("sources.id"), nullable=False),
    Column("ingest_id", ForeignKey("ingests.id"), nullable=False, index=True),
    Column("record_key", String(200), nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("raw", Text, nullable=False),
    Column("reported_on", String(40)),
    UniqueConstraint("source_id", "content_hash", name="uq_records_source_hash"),
    Index("ix_records_source_key", "source_id", "record_key"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("record_id", ForeignKey("records.id"), nullable=False, index=True),
    Column("prop", String(40), nullable=False),
    Column("value", Text, nullable=False),
    Column("original", Text),
    Column("script", String(20)),
    Column("credibility", Integer, nullable=False),
    CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility"),
    Index("ix_statements_prop_value", "prop", "value"),
)

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("record_id", ForeignKey("records.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("date", String(40)),
    Column("date_precision", String(20)),
    Column("date_earliest", Date),
    Column("date_latest", Date),
    Column("reported_on", String(40)),
    Column("reported_earliest", Date),
    Column("place_country", String(3)),
    Column("place_region", Text),
    Column("place_text", Text),
    Column("credibility", Integer, nullable=False),
    Column("note", Text),
    CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility"),
    Index("ix_events_kind_date", "kind", "date_earliest"),
)

unparsed_statements = Table(
    "unparsed_statements",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("record_id", ForeignKey("records.id"), nullable=False, index=True),
    Column("prop", String(40), nullable=False),
    Column("source_column", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("error_type", String(40), nullable=False),
    Column("error", Text, nullable=False),
)
"""Values of a record that could not be read (an impossible date, a country that is none),
kept verbatim with what they were to fill (`prop`: a property, an event field such as
`killed_date`, or `credibility`), the source's column, and why: nothing a source said is
lost, and nothing unread is passed off as read."""

published_figures = Table(
    "published_figures",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("country_code", String(10), nullable=False, index=True),
    Column("country_name", Text, nullable=False),
    Column("metric", String(40)),
    Column("metric_original", String(80), nullable=False),
    Column("low", Float),
    Column("high", Float),
    Column("as_of", Text, nullable=False),
    Column("as_of_earliest", Date),
    Column("as_of_latest", Date),
    Column("publisher", Text, nullable=False),
    Column("read_at", Text),
    Column("note", Text),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

linkage_runs = Table(
    "linkage_runs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("engine", String(20), nullable=False),
    Column("threshold", Float),
    Column("settings", Text),
    Column("user_name", String(100), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("scope", String(20), nullable=False, server_default="every"),
    Column("restricted_records", Integer, nullable=False, server_default="0"),
)
"""A linkage run links the records of one scope: `every` record, or the `open` records only
(run beside it when restricted records exist, so that those without restricted access see
the persons the open records make on their own). `restricted_records` counts the
restricted records the run linked."""

persons = Table(
    "persons",
    metadata,
    Column("id", String(20), primary_key=True),
    Column("first_run_id", ForeignKey("linkage_runs.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

person_records = Table(
    "person_records",
    metadata,
    Column("run_id", ForeignKey("linkage_runs.id"), primary_key=True),
    Column("record_id", ForeignKey("records.id"), primary_key=True),
    Column("person_id", ForeignKey("persons.id"), nullable=False),
    Column("reason", String(40)),
    Index("ix_person_records_run_person", "run_id", "person_id"),
)

pair_scores = Table(
    "pair_scores",
    metadata,
    Column("run_id", ForeignKey("linkage_runs.id"), primary_key=True),
    Column("record_a", ForeignKey("records.id"), primary_key=True),
    Column("record_b", ForeignKey("records.id"), primary_key=True),
    Column("match_weight", Float, nullable=False),
    Column("probability", Float, nullable=False),
    Column("names_only", Boolean, nullable=False, server_default=false()),
    CheckConstraint("record_a < record_b", name="ordered"),
    Index("ix_pair_scores_run_probability", "run_id", "probability"),
)
"""The scored candidate pairs of a linkage run: what neighbouring thresholds and the
review queue are computed from, without running the model again."""

name_features = Table(
    "name_features",
    metadata,
    Column("value_hash", String(64), primary_key=True),
    Column("features_version", String(20), primary_key=True),
    Column("features", Text, nullable=False),
)
"""The name features of a statement value (`headcount.names.features`), as the code that
computed them gave them (`features_version()`): derived data linkage fills and reads, so
that a value is parsed once per version of the parsing code, not once per run."""


def _retractions(name: str, judged: str) -> Table:
    """The retractions of the judgements in table `judged`: at most one each, with who
    withdrew it, when and why; the judgement itself stays as it was."""
    return Table(
        name,
        metadata,
        Column("id", Id, primary_key=True, autoincrement=True),
        Column("judgement_id", ForeignKey(f"{judged}.id"), nullable=False, unique=True),
        Column("user_name", String(100), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("note", Text),
    )


judgements = Table(
    "judgements",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("record_a", ForeignKey("records.id"), nullable=False, index=True),
    Column("record_b", ForeignKey("records.id"), nullable=False, index=True),
    Column("decision", String(20), nullable=False),
    Column("user_name", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
    CheckConstraint("decision IN ('same','different','unsure')", name="decision"),
    CheckConstraint("record_a <> record_b", name="two_records"),
)

judgement_retractions = _retractions("judgement_retractions", "judgements")

status_judgements = Table(
    "status_judgements",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("record_id", ForeignKey("records.id"), nullable=False, index=True),
    # The person as judged; the judgement follows the record into whichever person holds
    # it after a later linkage run.
    Column("person_id", String(40), nullable=False),
    Column("status", String(30), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("note", Text, nullable=False),
    Column("user_name", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint(
        "status IN ('en_route', 'in_theatre', 'killed_confirmed', 'killed_reported', "
        "'detained', 'returned', 'relocated', 'contested', 'unknown')",
        name="judged_status",
    ),
)

status_judgement_retractions = _retractions("status_judgement_retractions", "status_judgements")

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("user_name", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("object_type", String(40), nullable=False),
    Column("object_id", String(200)),
    Column("detail", Text),
    Column("compartment", String(20), nullable=False, server_default="open"),
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
)
"""Who did what to which object, when, in which compartment; each entry chained to the one
before by hash (`storage.audit`). Migration 0003 adds triggers that refuse any UPDATE or
DELETE of an entry, on SQLite and PostgreSQL."""

watches = Table(
    "watches",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_name", String(100), nullable=False),
    Column("object_type", String(20), nullable=False),
    Column("object_id", String(200), nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("object_type IN ('person','country')", name="object_type"),
)

watch_removals = Table(
    "watch_removals",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("watch_id", ForeignKey("watches.id"), nullable=False, unique=True),
    Column("user_name", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("restricted_access", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
    CheckConstraint("role IN ('viewer','analyst','reviewer','admin')", name="role"),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
)
"""The workbench's sessions: a SHA-256 of each token (never the token), its CSRF token,
when it ends. A session is live until `expires_at` unless `ended_at` (logout) is set."""

saved_estimates = Table(
    "saved_estimates",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("run_id", ForeignKey("linkage_runs.id"), nullable=False, index=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("result", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
"""Estimates of the unseen as the workbench shows them, kept once computed: estimating
takes minutes, and what it gives is a function of the run, the published figures, the
status judgements, the compartments looking, the date, the method and the methodology's
version, which `key` hashes (`storage.estimates`). A row is never changed; a new run, new
judgements or a new methodology make a new key."""

COUNTED_TABLES: dict[str, Table] = {
    "sources": sources,
    "records": records,
    "statements": statements,
    "events": events,
    "published_figures": published_figures,
    "judgements": judgements,
}
"""What `headcount status` counts directly (persons come from the latest linkage run)."""
