"""first_in_clause and first_in_category: a trend sums them instead of counting distinct ids

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 15:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TREND_COLUMNS = ["flagged", "verdict", "grade_drift"]
DIMENSIONS = ("auditor", "client", "standard", "clause", "period")


def _dims(dim: str, *rest: str) -> list[str]:
    return list(dict.fromkeys([dim, *rest]))


def upgrade() -> None:
    # added as they are, never through a batch's table copy: on SQLite that copy drops the table, and dropping
    # `findings` would delete every issue (ON DELETE CASCADE with foreign keys on)
    op.add_column("findings", sa.Column("first_in_clause", sa.Integer(), server_default="0", nullable=False))
    op.add_column("issues", sa.Column("first_in_category", sa.Integer(), server_default="0", nullable=False))

    # the rows already stored: 1 on the first (lowest id: add_report writes them in order) of each report's
    # findings citing one clause (none included), and of each finding's issues in one category
    op.execute(
        "UPDATE findings SET first_in_clause = 1 WHERE id = (SELECT min(f.id) FROM findings f "
        "WHERE f.report_id = findings.report_id AND (f.clause = findings.clause "
        "OR (f.clause IS NULL AND findings.clause IS NULL)))"
    )
    op.execute(
        "UPDATE issues SET first_in_category = 1 WHERE id = (SELECT min(i.id) FROM issues i "
        "WHERE i.finding_id = issues.finding_id AND i.category = issues.category)"
    )

    with op.batch_alter_table("findings", schema=None) as batch_op:
        for dim in DIMENSIONS:
            batch_op.drop_index(batch_op.f(f"ix_findings_organisation_id_{dim}"))
            batch_op.create_index(
                batch_op.f(f"ix_findings_organisation_id_{dim}"),
                ["organisation_id", *_dims(dim, *TREND_COLUMNS, "first_in_clause", "period")],
                unique=False,
            )
    with op.batch_alter_table("issues", schema=None) as batch_op:
        for dim in DIMENSIONS:
            batch_op.drop_index(batch_op.f(f"ix_issues_organisation_id_{dim}"))
            batch_op.create_index(
                batch_op.f(f"ix_issues_organisation_id_{dim}"),
                ["organisation_id", *_dims(dim, "category", "period", "first_in_category")],
                unique=False,
            )


def downgrade() -> None:
    with op.batch_alter_table("issues", schema=None) as batch_op:
        for dim in DIMENSIONS:
            batch_op.drop_index(batch_op.f(f"ix_issues_organisation_id_{dim}"))
            batch_op.create_index(
                batch_op.f(f"ix_issues_organisation_id_{dim}"),
                ["organisation_id", *_dims(dim, "category", "finding_id", "period")],
                unique=False,
            )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        for dim in DIMENSIONS:
            batch_op.drop_index(batch_op.f(f"ix_findings_organisation_id_{dim}"))
            batch_op.create_index(
                batch_op.f(f"ix_findings_organisation_id_{dim}"),
                ["organisation_id", *_dims(dim, "period"), *TREND_COLUMNS, "report_id"],
                unique=False,
            )
    # dropped in place (SQLite 3.35+ and PostgreSQL), not by a batch's table copy, which would cascade
    op.execute("ALTER TABLE issues DROP COLUMN first_in_category")
    op.execute("ALTER TABLE findings DROP COLUMN first_in_clause")
