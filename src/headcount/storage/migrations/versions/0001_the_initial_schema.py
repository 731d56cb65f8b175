"""the initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 11:08:43.903703
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "linkage_runs",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("settings", sa.Text(), nullable=True),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_runs")),
    )
    op.create_table(
        "published_figures",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("country_code", sa.String(length=10), nullable=False),
        sa.Column("country_name", sa.Text(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=True),
        sa.Column("metric_original", sa.String(length=80), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("as_of", sa.Text(), nullable=False),
        sa.Column("as_of_earliest", sa.Date(), nullable=True),
        sa.Column("as_of_latest", sa.Date(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("read_at", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_figures")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_published_figures_content_hash")),
    )
    with op.batch_alter_table("published_figures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_published_figures_country_code"), ["country_code"], unique=False
        )

    op.create_table(
        "sources",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=40), nullable=True),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("compartment", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "reliability IN ('A','B','C','D','E','F')", name=op.f("ck_sources_reliability")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )
    op.create_table(
        "users",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("restricted_access", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('viewer','analyst','reviewer','admin')", name=op.f("ck_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "ingests",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("records_added", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_ingests_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingests")),
    )
    with op.batch_alter_table("ingests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingests_source_id"), ["source_id"], unique=False)

    op.create_table(
        "persons",
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column(
            "first_run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_run_id"], ["linkage_runs.id"], name=op.f("fk_persons_first_run_id_linkage_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    op.create_table(
        "records",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "source_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "ingest_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("record_key", sa.String(length=200), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("reported_on", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["ingest_id"], ["ingests.id"], name=op.f("fk_records_ingest_id_ingests")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_records_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
        sa.UniqueConstraint("source_id", "content_hash", name="uq_records_source_hash"),
    )
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_records_ingest_id"), ["ingest_id"], unique=False)
        batch_op.create_index("ix_records_source_key", ["source_id", "record_key"], unique=False)

    op.create_table(
        "events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("date", sa.String(length=40), nullable=True),
        sa.Column("date_precision", sa.String(length=20), nullable=True),
        sa.Column("date_earliest", sa.Date(), nullable=True),
        sa.Column("date_latest", sa.Date(), nullable=True),
        sa.Column("reported_on", sa.String(length=40), nullable=True),
        sa.Column("reported_earliest", sa.Date(), nullable=True),
        sa.Column("place_country", sa.String(length=3), nullable=True),
        sa.Column("place_region", sa.Text(), nullable=True),
        sa.Column("place_text", sa.Text(), nullable=True),
        sa.Column("credibility", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("credibility BETWEEN 1 AND 6", name=op.f("ck_events_credibility")),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_events_record_id_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_kind_date", ["kind", "date_earliest"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_record_id"), ["record_id"], unique=False)

    op.create_table(
        "judgements",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("record_a", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("record_b", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "decision IN ('same','different','unsure')", name=op.f("ck_judgements_decision")
        ),
        sa.CheckConstraint("record_a <> record_b", name=op.f("ck_judgements_two_records")),
        sa.ForeignKeyConstraint(
            ["record_a"], ["records.id"], name=op.f("fk_judgements_record_a_records")
        ),
        sa.ForeignKeyConstraint(
            ["record_b"], ["records.id"], name=op.f("fk_judgements_record_b_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgements")),
    )
    with op.batch_alter_table("judgements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_judgements_record_a"), ["record_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_judgements_record_b"), ["record_b"], unique=False)

    op.create_table(
        "person_records",
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("person_id", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_records_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_person_records_record_id_records")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["linkage_runs.id"], name=op.f("fk_person_records_run_id_linkage_runs")
        ),
        sa.PrimaryKeyConstraint("run_id", "record_id", name=op.f("pk_person_records")),
    )
    with op.batch_alter_table("person_records", schema=None) as batch_op:
        batch_op.create_index("ix_person_records_run_person", ["run_id", "person_id"], unique=False)

    op.create_table(
        "statements",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("prop", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("original", sa.Text(), nullable=True),
        sa.Column("script", sa.String(length=20), nullable=True),
        sa.Column("credibility", sa.Integer(), nullable=False),
        sa.CheckConstraint("credibility BETWEEN 1 AND 6", name=op.f("ck_statements_credibility")),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_statements_record_id_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index("ix_statements_prop_value", ["prop", "value"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_record_id"), ["record_id"], unique=False)

    op.create_table(
        "judgement_retractions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "judgement_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["judgement_id"],
            ["judgements.id"],
            name=op.f("fk_judgement_retractions_judgement_id_judgements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgement_retractions")),
        sa.UniqueConstraint("judgement_id", name=op.f("uq_judgement_retractions_judgement_id")),
    )


def downgrade() -> None:
    op.drop_table("judgement_retractions")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_record_id"))
        batch_op.drop_index("ix_statements_prop_value")

    op.drop_table("statements")
    with op.batch_alter_table("person_records", schema=None) as batch_op:
        batch_op.drop_index("ix_person_records_run_person")

    op.drop_table("person_records")
    with op.batch_alter_table("judgements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judgements_record_b"))
        batch_op.drop_index(batch_op.f("ix_judgements_record_a"))

    op.drop_table("judgements")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_record_id"))
        batch_op.drop_index("ix_events_kind_date")

    op.drop_table("events")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index("ix_records_source_key")
        batch_op.drop_index(batch_op.f("ix_records_ingest_id"))

    op.drop_table("records")
    op.drop_table("persons")
    with op.batch_alter_table("ingests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingests_source_id"))

    op.drop_table("ingests")
    op.drop_table("users")
    op.drop_table("sources")
    with op.batch_alter_table("published_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_published_figures_country_code"))

    op.drop_table("published_figures")
    op.drop_table("linkage_runs")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
