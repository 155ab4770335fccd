"""Add each record's version vector: how many saves each device made to it.

Import and merge compare vectors to tell a later edit (it has seen the other) from a parallel
edit (neither has seen the other), which is a conflict kept for review. Records saved before
this migration hold "{}" and count as {device_id: revision}.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record") as batch:
        batch.add_column(sa.Column("vector", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("record") as batch:
        batch.drop_column("vector")
