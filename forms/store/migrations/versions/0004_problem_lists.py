"""Add the office's settings of the 问题清单 rows and the listed problems with their 已整治 date.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "problem_setting",
        sa.Column("key", sa.String(), primary_key=True, nullable=False),
        *(sa.Column(name, sa.String(), nullable=False)
          for name in ("severity", "difficulty", "problem_class", "responsible", "advice", "priority")),
        sa.Column("next_year", sa.Boolean(), nullable=True),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
    )
    op.create_table(
        "listed_problem",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.String(), nullable=False)
          for name in ("district", "building_code", "item_id", "indicator_id", "problem_class", "place",
                       "listed_at")),
        sa.Column("fixed_at", sa.String(), nullable=True),
        sa.UniqueConstraint("year", "district", "building_code", "item_id", name="uq_listed_problem"),
    )
    op.create_index("ix_listed_problem_year", "listed_problem", ["year"])


def downgrade() -> None:
    op.drop_index("ix_listed_problem_year", table_name="listed_problem")
    op.drop_table("listed_problem")
    op.drop_table("problem_setting")
