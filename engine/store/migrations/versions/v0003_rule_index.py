"""the rule trend reads one index: drop the other

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 10:33:40.386651
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issues_rule_decision"))


def downgrade() -> None:
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issues_rule_decision"),
            ["organisation_id", "rule", "decision", "finding_id", "period"],
            unique=False,
        )
