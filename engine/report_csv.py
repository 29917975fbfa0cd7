"""`--format csv`: a reviewer's worklist, one row per issue (RFC 4180, UTF-8)."""

from __future__ import annotations

import csv
import io

from engine.models import ReportVerdict

COLUMNS = [
    "report_id",
    "finding_id",
    "verdict",
    "raised_grade",
    "proposed_grade",
    "category",
    "severity",
    "rule",
    "message",
    "basis",
    "suggestion",
    "requirement_source",
    "requirement_clause",
    "requirement_title",
]


def _cell(value: object) -> str:
    """Text as a spreadsheet shows it, never as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def worklist_csv(results: list[ReportVerdict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for res in results:
        for f in res.findings:
            base = [res.report_id, f.id, f.verdict, f.raised_grade, f.proposed_grade]
            req = f.requirement
            where = [req.source, f"{req.clause or ''}{f' {req.item})' if req.item else ''}", req.title]
            if not f.issues:
                writer.writerow([_cell(v) for v in base + [""] * 6 + where])
            for i in f.issues:
                issue = [i.category, i.severity, i.rule, i.message, i.basis, i.suggestion]
                writer.writerow([_cell(v) for v in base + issue + where])
    return out.getvalue()
