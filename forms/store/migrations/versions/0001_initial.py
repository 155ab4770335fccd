"""Create the initial store schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

RECORD_INDEXES = ("form_id", "status", "updated_at", "district", "street", "community", "building_code")


def upgrade() -> None:
    _create_record()
    _create_photos()
    _create_audit()
    _create_tasks()
    _create_conflicts()
    op.create_table(
        "meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )


def _create_record() -> None:
    op.create_table(
        "record",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("form_id", sa.String(), nullable=False),
        sa.Column("form_version", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("inspector", sa.String(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("district", sa.String(), nullable=True),
        sa.Column("street", sa.String(), nullable=True),
        sa.Column("community", sa.String(), nullable=True),
        sa.Column("estate", sa.String(), nullable=True),
        sa.Column("building_code", sa.String(), nullable=True),
        sa.Column("address", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("calculated", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("last_section", sa.String(), nullable=True),
    )
    for column in RECORD_INDEXES:
        op.create_index(f"ix_record_{column}", "record", [column])
    op.create_index("ix_record_form_id_updated_at", "record", ["form_id", "updated_at"])


def _create_photos() -> None:
    op.create_table(
        "photo",
        sa.Column("sha256", sa.String(), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("thumbnail", sa.LargeBinary(), nullable=False),
        sa.Column("mime", sa.String(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_table(
        "record_photo",
        sa.Column("record_id", sa.Text(), sa.ForeignKey("record.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("sha256", sa.Text(), sa.ForeignKey("photo.sha256"), primary_key=True),
    )
    op.create_index("ix_record_photo_sha256", "record_photo", ["sha256"])


def _create_audit() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("record_id", sa.Text(), sa.ForeignKey("record.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
    )
    op.create_index("ix_audit_entry_record_id", "audit_entry", ["record_id"])


def _create_tasks() -> None:
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("district", sa.String(), nullable=True),
        sa.Column("street", sa.String(), nullable=True),
        sa.Column("community", sa.String(), nullable=True),
        sa.Column("estate", sa.String(), nullable=True),
        sa.Column("building_code", sa.String(), nullable=True),
        sa.Column("address", sa.String(), nullable=True),
        sa.Column("forms", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_index("ix_task_status", "task", ["status"])
    op.create_index("ix_task_building_code", "task", ["building_code"])


def _create_conflicts() -> None:
    op.create_table(
        "conflict",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("detected_at", sa.String(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_conflict_record_id", "conflict", ["record_id"])


def downgrade() -> None:
    for table in ("conflict", "task", "audit_entry", "record_photo", "photo", "record", "meta"):
        op.drop_table(table)
