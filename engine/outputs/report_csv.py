"""`--format csv`: a reviewer's worklist, one row per issue (RFC 4180, UTF-8 with a byte-order mark).

Each row carries what the reviewer needs to work without the review page beside it: the finding as written
(statement, evidence, clause as cited), the issue, the words that raised it and the suggested rewrite."""

from __future__ import annotations

import csv
import io
import re

from engine.core.models import Finding, Report, ReportVerdict

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
    "clause_as_cited",
    "statement",
    "evidence",
    "span_field",
    "span_text",
]

# Excel and LibreOffice read a UTF-8 CSV as UTF-8 (accents intact) only when it starts with this mark
BOM = "\ufeff"

# what a spreadsheet may read as the start of a formula or a DDE call, also in full width (Excel folds those)
_ALWAYS = frozenset("=@|%\t\r\n\uff1d\uff20\uff5c")
_SIGNS = frozenset("+-\uff0b\uff0d\ufe62\ufe63\u2212")
# after a leading sign, what makes the rest a formula: a number, an operator or bracket, a quote or reference
_FORMULA_AFTER_SIGN = re.compile(r"[\d(=+\-@$\"'.,:;!|&^*/<>{}\[\]\uff0b\uff0d\uff1d\u2212]")
_CALL = re.compile(r"[A-Za-z_\\][\w.\\]*\(|\||[\w']!\$?[A-Za-z]+\$?\d")  # SUM(, cmd|, Sheet1!A1


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula (CSV injection, OWASP).

    `=`, `@`, `|`, `%` and control characters at the start always are; a leading `+` or `-` is when what follows
    is a number, an operator, a reference or a function call (`-2+3`, `+A1`, `-cmd|' /C calc'!A0`, `- SUM(A1)`),
    but ordinary text such as `- correction` or `+ training records` is left as written."""
    lead = text.lstrip()[:1]
    first = text[:1]
    if first in _ALWAYS or lead in _ALWAYS:
        return True
    if lead not in _SIGNS and first not in _SIGNS:
        return False
    rest = text.lstrip()[1:]
    stripped = rest.lstrip()
    if not stripped:
        return False  # a lone dash is a dash
    if _FORMULA_AFTER_SIGN.match(stripped) or _CALL.search(rest):
        return True
    # a sign written against a word (`-A1`, `+name`) is a reference or a name: a spreadsheet computes it
    return not rest[:1].isspace()


def _cell(value: object) -> str:
    """Text as a spreadsheet shows it, never as a formula: a formula-like cell gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text) else text


def worklist_csv(results: list[ReportVerdict], reports: list[Report] | None = None) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    reports = reports or []
    for n, res in enumerate(results):
        originals: dict[str, Finding] = {}
        if n < len(reports):
            originals = {(f.id or f"#{i + 1}"): f for i, f in enumerate(reports[n].findings)}
        for f in res.findings:
            src = originals.get(f.id)
            base = [res.report_id, f.id, f.verdict, f.raised_grade, f.proposed_grade]
            req = f.requirement
            where = [req.source, f"{req.clause or ''}{f' {req.item})' if req.item else ''}", req.title]
            written = [
                src.clause if src else f.citation.input,
                src.statement if src else "",
                src.evidence_text() if src else "",
            ]
            if not f.issues:
                writer.writerow([_cell(v) for v in base + [""] * 6 + where + written + ["", ""]])
            for i in f.issues:
                issue = [i.category, i.severity, i.rule, i.message, i.basis, i.suggestion]
                span = [i.span.field, i.span.text] if i.span else ["", ""]
                writer.writerow([_cell(v) for v in base + issue + where + written + span])
    return out.getvalue()
