"""Add composite indexes for the record list's filters sorted by update time.

The search index covers address and building code, so a text search scans the small
index instead of every record's answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LIST_INDEXES = {
    "ix_record_form_id_status_updated_at": ["form_id", "status", "updated_at"],
    "ix_record_district_updated_at": ["district", "updated_at"],
    "ix_record_street_updated_at": ["street", "updated_at"],
    "ix_record_search": ["updated_at", "address", "building_code"],
}


def upgrade() -> None:
    for name, columns in LIST_INDEXES.items():
        op.create_index(name, "record", columns)


def downgrade() -> None:
    for name in LIST_INDEXES:
        op.drop_index(name, table_name="record")
