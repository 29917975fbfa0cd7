"""The store's tables (SQLAlchemy 2 declarative). Migrations in `migrations/versions` must make exactly these;
a test compares them. Columns the trends group by are written at insert (period, grade ranks, auditor), so a
trend is one indexed GROUP BY, the same SQL on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def _first_two_columns(index: Any, _table: Any) -> str:
    """An index is named by its table and first two columns (under PostgreSQL's 63 characters)."""
    return "_".join(c.name for c in list(index.columns)[:2])


NAMING: dict[str, Any] = {
    "first_two": _first_two_columns,
    "ix": "ix_%(table_name)s_%(first_two)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


DIMENSIONS = ("auditor", "client", "standard", "clause", "period")  # the trends' groups besides the rule
# what a trend reads of each finding, after its dimension in the covering index: a trend counts rows per
# combination of these in the index's order (engine/store/trends.py)
TREND_COLUMNS = ("flagged", "verdict", "grade_drift", "first_in_clause")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """An API key (its SHA-256 only) of one organisation, with one role."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class StoredReport(Base):
    """One check kept: the report as read, its verdict, the versions it was made with and who asked."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    report_ref: Mapped[str | None] = mapped_column(String(200))
    client: Mapped[str | None] = mapped_column(String(500))
    certificate_number: Mapped[str | None] = mapped_column(String(200))
    standard: Mapped[str | None] = mapped_column(String(200))
    auditor: Mapped[str | None] = mapped_column(String(500))
    audit_type: Mapped[str | None] = mapped_column(String(40))
    audit_date: Mapped[dt.date | None] = mapped_column(default=None)
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM of the audit (else of the check)
    state: Mapped[str] = mapped_column(String(20), default="checked")
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    sources: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    verdict: Mapped[dict[str, Any]] = mapped_column(JSON)
    engine_version: Mapped[str] = mapped_column(String(40))
    ruleset: Mapped[str] = mapped_column(String(40))
    standards: Mapped[list[str]] = mapped_column(JSON)
    requested_by: Mapped[str] = mapped_column(String(200))
    findings_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    issued_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    __table_args__ = (
        Index(None, "organisation_id", "created_at"),
        Index(None, "organisation_id", "certificate_number"),  # history: the same certificate
        # history (the same client) and time to issue per group, read from the index alone
        *(
            Index(None, "organisation_id", dim, "issued_at", "created_at", "period")
            for dim in ("client", "auditor", "standard")
        ),
        Index(None, "organisation_id", "period", "issued_at", "created_at"),
    )


class StoredFinding(Base):
    """One finding of a stored report with its verdict; the report's grouping columns copied for trends."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    finding_ref: Mapped[str] = mapped_column(String(200))
    client: Mapped[str | None] = mapped_column(String(500))
    auditor: Mapped[str | None] = mapped_column(String(500))
    standard: Mapped[str | None] = mapped_column(String(200))
    clause: Mapped[str | None] = mapped_column(String(100))
    period: Mapped[str] = mapped_column(String(7))
    raised_grade: Mapped[str | None] = mapped_column(String(20))
    proposed_grade: Mapped[str] = mapped_column(String(20))
    grade_drift: Mapped[int] = mapped_column(Integer)  # rank(proposed) - rank(raised): < 0 graded down
    verdict: Mapped[str] = mapped_column(String(20))
    flagged: Mapped[int] = mapped_column(Integer)  # 1 when any error or warning issue
    # 1 on the first finding of its report citing its clause (or none): the trend per clause counts reports by
    # summing it, instead of a distinct count (a sort) of report ids. Written by `Store.add_report`; the server
    # default 0 only lets migration 0004 add it in place (the rows stored before are filled there)
    first_in_clause: Mapped[int] = mapped_column(Integer, server_default="0")

    # one covering index per trend dimension: a trend reads the index alone, as a plain count does
    __table_args__ = tuple(
        Index(None, "organisation_id", *dict.fromkeys([dim, *TREND_COLUMNS, "period"])) for dim in DIMENSIONS
    )


class StoredIssue(Base):
    """One issue of a stored finding and the reviewer's latest decision on it."""

    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(7))
    decision: Mapped[str | None] = mapped_column(String(20), default=None)
    # the finding's trend dimensions, copied: a trend's share by category reads this table alone
    client: Mapped[str | None] = mapped_column(String(500), default=None)
    auditor: Mapped[str | None] = mapped_column(String(500), default=None)
    standard: Mapped[str | None] = mapped_column(String(200), default=None)
    clause: Mapped[str | None] = mapped_column(String(100), default=None)
    # 1 on the first issue of its finding in its category: a trend's share of findings flagged by category sums
    # it, instead of a distinct count (a sort) of finding ids (written as `first_in_clause` is)
    first_in_category: Mapped[int] = mapped_column(Integer, server_default="0")

    __table_args__ = (
        *(
            Index(None, "organisation_id", *dict.fromkeys([dim, "category", "period", "first_in_category"]))
            for dim in DIMENSIONS
        ),
        Index("ix_issues_rule_period", "organisation_id", "rule", "period", "decision"),
    )


class Decision(Base):
    """A reviewer's decision on an issue, kept whole (the latest is copied to the issue): accept (sent back),
    dismiss (with a reason) or edit (the rewrite the auditor sent back)."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    text: Mapped[str | None] = mapped_column(Text, default=None)
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AccessEntry(Base):
    """Who read or changed what, when: every read and decision through the desk."""

    __tablename__ = "access_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    report_id: Mapped[int | None] = mapped_column(Integer, default=None)
    detail: Mapped[str | None] = mapped_column(Text, default=None)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
