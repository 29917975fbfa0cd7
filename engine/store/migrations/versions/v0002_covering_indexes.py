"""trends read covering indexes; issues carry their finding's dimensions; history indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07 09:56:48.089000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_auditor"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_auditor"),
            ["organisation_id", "auditor", "period", "flagged", "verdict", "grade_drift", "report_id"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_clause"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_clause"),
            ["organisation_id", "clause", "period", "flagged", "verdict", "grade_drift", "report_id"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_client"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_client"),
            ["organisation_id", "client", "period", "flagged", "verdict", "grade_drift", "report_id"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_period"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_period"),
            ["organisation_id", "period", "flagged", "verdict", "grade_drift", "report_id"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_standard"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_standard"),
            ["organisation_id", "standard", "period", "flagged", "verdict", "grade_drift", "report_id"],
            unique=False,
        )

    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("auditor", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("standard", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("clause", sa.String(length=100), nullable=True))

    # the issues already stored take their finding's dimensions
    for column in ("client", "auditor", "standard", "clause"):
        op.execute(
            f"UPDATE issues SET {column} = "
            f"(SELECT findings.{column} FROM findings WHERE findings.id = issues.finding_id)"
        )

    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issues_organisation_id_category"))
        batch_op.drop_index(batch_op.f("ix_issues_organisation_id_rule"))
        batch_op.create_index(
            batch_op.f("ix_issues_organisation_id_auditor"),
            ["organisation_id", "auditor", "category", "finding_id", "period"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_issues_organisation_id_clause"),
            ["organisation_id", "clause", "category", "finding_id", "period"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_issues_organisation_id_client"),
            ["organisation_id", "client", "category", "finding_id", "period"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_issues_organisation_id_period"),
            ["organisation_id", "period", "category", "finding_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_issues_organisation_id_standard"),
            ["organisation_id", "standard", "category", "finding_id", "period"],
            unique=False,
        )
        batch_op.create_index(
            "ix_issues_rule_decision", ["organisation_id", "rule", "decision", "finding_id", "period"], unique=False
        )
        batch_op.create_index("ix_issues_rule_period", ["organisation_id", "rule", "period", "decision"], unique=False)

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_organisation_id_client_certificate_number"))
        batch_op.create_index(
            batch_op.f("ix_reports_organisation_id_auditor"),
            ["organisation_id", "auditor", "issued_at", "created_at", "period"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_reports_organisation_id_certificate_number"),
            ["organisation_id", "certificate_number"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_reports_organisation_id_client"),
            ["organisation_id", "client", "issued_at", "created_at", "period"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_reports_organisation_id_period"),
            ["organisation_id", "period", "issued_at", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_reports_organisation_id_standard"),
            ["organisation_id", "standard", "issued_at", "created_at", "period"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_organisation_id_standard"))
        batch_op.drop_index(batch_op.f("ix_reports_organisation_id_period"))
        batch_op.drop_index(batch_op.f("ix_reports_organisation_id_client"))
        batch_op.drop_index(batch_op.f("ix_reports_organisation_id_certificate_number"))
        batch_op.drop_index(batch_op.f("ix_reports_organisation_id_auditor"))
        batch_op.create_index(
            batch_op.f("ix_reports_organisation_id_client_certificate_number"),
            ["organisation_id", "client", "certificate_number"],
            unique=False,
        )

    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_index("ix_issues_rule_period")
        batch_op.drop_index("ix_issues_rule_decision")
        batch_op.drop_index(batch_op.f("ix_issues_organisation_id_standard"))
        batch_op.drop_index(batch_op.f("ix_issues_organisation_id_period"))
        batch_op.drop_index(batch_op.f("ix_issues_organisation_id_client"))
        batch_op.drop_index(batch_op.f("ix_issues_organisation_id_clause"))
        batch_op.drop_index(batch_op.f("ix_issues_organisation_id_auditor"))
        batch_op.create_index(batch_op.f("ix_issues_organisation_id_rule"), ["organisation_id", "rule"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_issues_organisation_id_category"), ["organisation_id", "category"], unique=False
        )
        batch_op.drop_column("clause")
        batch_op.drop_column("standard")
        batch_op.drop_column("auditor")
        batch_op.drop_column("client")

    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_standard"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_standard"), ["organisation_id", "standard"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_period"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_period"), ["organisation_id", "period"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_client"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_client"), ["organisation_id", "client"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_clause"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_clause"), ["organisation_id", "clause"], unique=False
        )
        batch_op.drop_index(batch_op.f("ix_findings_organisation_id_auditor"))
        batch_op.create_index(
            batch_op.f("ix_findings_organisation_id_auditor"), ["organisation_id", "auditor"], unique=False
        )
