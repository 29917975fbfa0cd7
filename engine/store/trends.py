"""Trends for a review manager, from the store: per auditor, client, standard, clause, rule or period, the
findings raised, the share flagged (and by category), withdrawn and regraded shares, grade drift (proposed
against raised) and days to issue; per rule, what reviewers decided and so the rule's precision in the field.

Descriptive only: indicators for the reviewer, not judgments of a person. Each trend groups columns written at
insert and indexed (no distinct count: the `first_in_*` columns). On SQLite, two or three GROUP BY queries, the
findings' one counting rows per combination of values; on PostgreSQL one statement joining the same groups in
the server, one row per group (the same figures, tested on both; bench/store.py)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Literal, get_args

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute

from engine.store.repository import Principal, Store, StoreError, retry_on_disconnect
from engine.store.schema import AccessEntry, StoredFinding, StoredIssue, StoredReport

Dimension = Literal["auditor", "client", "standard", "clause", "period", "rule"]
DIMENSIONS: tuple[str, ...] = get_args(Dimension)
INDICATORS_NOTE = (
    "Indicators for the reviewer, not judgments of a person: a share depends on the clients, scopes and "
    "standards each auditor was given."
)


def _finding_column(by: str) -> InstrumentedAttribute[Any]:
    column: InstrumentedAttribute[Any] = getattr(StoredFinding, by)
    return column


def _period_filter(column: Any, since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    out = []
    if since:
        out.append(column >= since)
    if until:
        out.append(column <= until)
    return out


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _days(store: Store) -> Any:
    if store.engine.dialect.name == "sqlite":
        return func.julianday(StoredReport.issued_at) - func.julianday(StoredReport.created_at)
    return func.extract("epoch", StoredReport.issued_at - StoredReport.created_at) / 86400.0


@retry_on_disconnect
def trends(
    store: Store, who: Principal, by: str, since: str | None = None, until: str | None = None, log: bool = True
) -> list[dict[str, Any]]:
    """One row per value of `by` (`None`: not given), biggest first. `since`/`until`: periods YYYY-MM."""
    if by not in DIMENSIONS:
        raise StoreError(f"`by` must be one of {', '.join(DIMENSIONS)}, not {by!r}", "by")
    for name, value in (("since", since), ("until", until)):
        if value and not (len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit()):
            raise StoreError(f"`{name}` is a month, YYYY-MM (e.g. 2026-01), not {value!r}", name)
    rows = _rule_trends(store, who, since, until) if by == "rule" else _finding_trends(store, who, by, since, until)
    if log:
        with store.sessions.begin() as s:
            s.add(AccessEntry(organisation_id=who.organisation_id, actor=who.actor, action=f"trends:{by}"))
    return rows


def _finding_trends(
    store: Store, who: Principal, by: str, since: str | None, until: str | None
) -> list[dict[str, Any]]:
    if store.engine.dialect.name == "postgresql":
        tally, by_category, per_report = _finding_tallies_postgresql(store, who, by, since, until)
    else:
        tally, by_category, per_report = _finding_tallies(store, who, by, since, until)
    rows = []
    for value, (findings, flagged, withdrawn, regraded, down, up, drift, reports) in tally.items():
        n_reports, n_issued, days = per_report.get(value, (reports, 0, None))
        rows.append(
            {
                "group": value,
                "reports": n_reports,
                "findings": findings,
                "flagged": flagged,
                "flagged_share": _share(flagged, findings),
                "withdrawn_share": _share(withdrawn, findings),
                "regraded_share": _share(regraded, findings),
                "graded_down": down,
                "graded_up": up,
                "grade_drift": round(drift / findings, 3),
                "issued": n_issued,
                "days_to_issue": days,
                "by_category": {c: _share(k, findings) for c, k in sorted(by_category.get(value, {}).items())},
            }
        )
    rows.sort(key=lambda r: (-r["findings"], str(r["group"])))
    return rows


Tallies = tuple[dict[Any, list[int]], dict[Any, dict[str, int]], dict[Any, tuple[int, int, float | None]]]


def _finding_tallies(store: Store, who: Principal, by: str, since: str | None, until: str | None) -> Tallies:
    """Per value of `by`: the findings' counts (findings, flagged, withdrawn, regraded, down, up, drift, reports),
    findings per category, and (not per clause) reports, issued ones and days to issue; three queries."""
    dim = _finding_column(by)
    where = [StoredFinding.organisation_id == who.organisation_id, *_period_filter(StoredFinding.period, since, until)]
    tally: dict[Any, list[int]] = {}  # findings, flagged, withdrawn, regraded, down, up, drift, reports
    with store.sessions() as s:
        if store.engine.dialect.name == "sqlite":
            # one row per combination of the few values a trend reads of a finding (flagged, verdict, grade drift
            # and, per clause, whether it is its report's first citing the clause), counted in the covering
            # index's order: a count(*) per group, no sort, no expression per row (SQLite's CASE per row cost
            # twice the rest); the shares are summed here
            kinds = [StoredFinding.flagged, StoredFinding.verdict, StoredFinding.grade_drift]
            if by == "clause":
                kinds.append(StoredFinding.first_in_clause)
            query = select(dim, *kinds, func.count()).where(*where).group_by(dim, *kinds)
            for value, flagged, verdict, drift, *first, n in s.execute(query):
                t = tally.setdefault(value, [0] * 8)
                t[0] += n
                t[1] += n if flagged else 0
                t[2] += n if verdict == "withdraw" else 0
                t[3] += n if verdict == "regrade" else 0
                t[4] += n if drift < 0 else 0
                t[5] += n if drift > 0 else 0
                t[6] += n * drift
                t[7] += n if first and first[0] else 0
        else:
            query = select(dim, *_finding_sums(by)).where(*where).group_by(dim)
            for value, *sums in s.execute(query):
                tally[value] = [int(v or 0) for v in sums]
        idim = getattr(StoredIssue, by)  # issues carry their finding's dimensions: no join
        categories = s.execute(
            # findings per category: each finding's first issue in it (written at insert, no distinct count)
            select(idim, StoredIssue.category, func.sum(StoredIssue.first_in_category))
            .where(
                StoredIssue.organisation_id == who.organisation_id, *_period_filter(StoredIssue.period, since, until)
            )
            .group_by(idim, StoredIssue.category)
        ).all()
        per_report: dict[Any, tuple[int, int, float | None]] = {}
        if by != "clause":  # a report, and its time to issue, belong to its auditor, client, standard and period
            rdim = getattr(StoredReport, by)
            rwhere = [
                StoredReport.organisation_id == who.organisation_id,
                *_period_filter(StoredReport.period, since, until),
            ]
            query = select(rdim, func.count(), func.count(StoredReport.issued_at), func.avg(_days(store)))
            for value, n, n_issued, days in s.execute(query.where(*rwhere).group_by(rdim)):
                per_report[value] = (n, n_issued, None if days is None else round(float(days), 2))
    by_category: dict[Any, dict[str, int]] = {}
    for value, category, n in categories:
        if n:
            by_category.setdefault(value, {})[category] = int(n)
    return tally, by_category, per_report


def _finding_sums(by: str) -> list[Any]:
    """A group's findings, flagged, withdrawn, regraded, graded down, up, drift and (per clause) reports, summed
    in the server (PostgreSQL: the per-combination rows SQLite counts fastest cost more to send and decode)."""
    return [
        func.count(),
        func.sum(StoredFinding.flagged),
        func.sum(case((StoredFinding.verdict == "withdraw", 1), else_=0)),
        func.sum(case((StoredFinding.verdict == "regrade", 1), else_=0)),
        func.sum(case((StoredFinding.grade_drift < 0, 1), else_=0)),
        func.sum(case((StoredFinding.grade_drift > 0, 1), else_=0)),
        func.sum(StoredFinding.grade_drift),
        func.sum(StoredFinding.first_in_clause) if by == "clause" else literal(0),
    ]


def _finding_tallies_postgresql(store: Store, who: Principal, by: str, since: str | None, until: str | None) -> Tallies:
    """`_finding_tallies` in one statement, one row per group: the findings' sums, the categories as one JSON
    object (`json_object_agg`) and the reports' counts, joined in the server. pg8000 takes three round trips per
    statement and decodes each row in Python: three queries returning some 2,400 (group, category) rows for 200
    clients cost several times what the server spends on them (bench/store.py, trend by client)."""
    dim = _finding_column(by)
    findings = (
        select(dim.label("g"), *_finding_sums(by))
        .where(
            StoredFinding.organisation_id == who.organisation_id, *_period_filter(StoredFinding.period, since, until)
        )
        .group_by(dim)
        .subquery("f")
    )
    idim = getattr(StoredIssue, by)
    per_category = (
        select(idim.label("g"), StoredIssue.category, func.sum(StoredIssue.first_in_category).label("n"))
        .where(StoredIssue.organisation_id == who.organisation_id, *_period_filter(StoredIssue.period, since, until))
        .group_by(idim, StoredIssue.category)
        .subquery("pc")
    )
    categories = (
        select(per_category.c.g, func.json_object_agg(per_category.c.category, per_category.c.n).label("cats"))
        .where(per_category.c.n > 0)
        .group_by(per_category.c.g)
        .subquery("c")
    )
    joined = findings.outerjoin(categories, findings.c.g.is_not_distinct_from(categories.c.g))
    columns: list[Any] = [*findings.c, categories.c.cats]
    if by != "clause":
        rdim = getattr(StoredReport, by)
        reports = (
            select(
                rdim.label("g"),
                func.count().label("n"),
                func.count(StoredReport.issued_at).label("n_issued"),
                func.avg(_days(store)).label("days"),
            )
            .where(
                StoredReport.organisation_id == who.organisation_id, *_period_filter(StoredReport.period, since, until)
            )
            .group_by(rdim)
            .subquery("r")
        )
        joined = joined.outerjoin(reports, findings.c.g.is_not_distinct_from(reports.c.g))
        columns += [reports.c.n, reports.c.n_issued, reports.c.days]
    tally: dict[Any, list[int]] = {}
    by_category: dict[Any, dict[str, int]] = {}
    per_report: dict[Any, tuple[int, int, float | None]] = {}
    with store.sessions() as s:
        for value, *rest in s.execute(select(*columns).select_from(joined)):
            sums, cats, report_counts = rest[:8], rest[8], rest[9:]
            tally[value] = [int(v or 0) for v in sums]
            if isinstance(cats, str):
                cats = json.loads(cats)
            if cats:
                by_category[value] = {c: int(n) for c, n in cats.items()}
            if report_counts and report_counts[0] is not None:
                n, n_issued, days = report_counts
                per_report[value] = (int(n), int(n_issued), None if days is None else round(float(days), 2))
    return tally, by_category, per_report


def _decision_counts(store: Store, who: Principal, by: list[Any], since: str | None, until: str | None) -> list[Any]:
    with store.sessions() as s:
        return list(
            s.execute(
                select(
                    *by,
                    func.count(),
                    func.sum(case((StoredIssue.decision == "accept", 1), else_=0)),
                    func.sum(case((StoredIssue.decision == "dismiss", 1), else_=0)),
                    func.sum(case((StoredIssue.decision == "edit", 1), else_=0)),
                )
                .where(
                    StoredIssue.organisation_id == who.organisation_id,
                    *_period_filter(StoredIssue.period, since, until),
                )
                .group_by(*by)
            ).all()
        )


def _rule_row(group: Any, issues: int, accepted: Any, dismissed: Any, edited: Any) -> dict[str, Any]:
    accepted, dismissed, edited = int(accepted or 0), int(dismissed or 0), int(edited or 0)
    decided = accepted + dismissed + edited
    return {
        "group": group,
        "issues": issues,
        "accepted": accepted,
        "dismissed": dismissed,
        "edited": edited,
        "undecided": issues - decided,
        "precision": _share(accepted + edited, decided),
    }


def _rule_trends(store: Store, who: Principal, since: str | None, until: str | None) -> list[dict[str, Any]]:
    rows = [_rule_row(*r) for r in _decision_counts(store, who, [StoredIssue.rule], since, until)]
    rows.sort(key=lambda r: (-r["issues"], str(r["group"])))
    return rows


@retry_on_disconnect
def field_precision(store: Store, who: Principal) -> list[dict[str, Any]]:
    """Per rule and period: reviewers' decisions and the precision in the field (accepted and edited flags over
    all decided ones); `ncaudit eval --store`."""
    rows = [
        {"rule": rule, "period": period, **_rule_row(None, *rest)}
        for rule, period, *rest in _decision_counts(store, who, [StoredIssue.rule, StoredIssue.period], None, None)
    ]
    for row in rows:
        del row["group"]
    rows.sort(key=lambda r: (r["rule"], r["period"]))
    return rows


def flat(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Rows as a table: nested `by_category` shares become `flagged:CATEGORY` columns."""
    categories = sorted({c for r in rows for c in r.get("by_category", {})})
    columns = [k for k in (rows[0] if rows else {"group": None}) if k != "by_category"]
    header = columns + [f"flagged:{c}" for c in categories]
    table = [[r.get(k) for k in columns] + [r.get("by_category", {}).get(c) for c in categories] for r in rows]
    return header, table


def to_csv(rows: list[dict[str, Any]]) -> str:
    header, table = flat(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in table:
        writer.writerow(["" if v is None else _safe_cell(v) for v in row])
    return out.getvalue()


def to_xlsx(rows: list[dict[str, Any]], title: str) -> bytes:
    from openpyxl import Workbook  # heavy: only when a spreadsheet is asked for
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    header, table = flat(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "trends")
    sheet.append(header)
    for row in table:
        sheet.append([_safe_cell(ILLEGAL_CHARACTERS_RE.sub("", v)) if isinstance(v, str) else v for v in row])
    sheet.append([])
    sheet.append([INDICATORS_NOTE])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe_cell(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
