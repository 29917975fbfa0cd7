"""`--format csv`: a reviewer's worklist, one row per issue (RFC 4180, UTF-8)."""

from __future__ import annotations

import csv
import io

from engine.core.models import ReportVerdict

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


# what a spreadsheet may read as the start of a formula or a DDE call, also in full width (Excel folds those)
_FORMULA_START = frozenset("=+-@|%\t\r\n\uff1d\uff0b\uff0d\uff20\uff5c\ufe62\ufe63\u2212")


def _cell(value: object) -> str:
    """Text as a spreadsheet shows it, never as a formula (CSV injection, OWASP): a cell whose first character,
    or first after leading white space, can start a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    first = text[:1]
    lead = text.lstrip()[:1]
    return "'" + text if first in _FORMULA_START or lead in _FORMULA_START else text


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
