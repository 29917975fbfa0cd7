"""The response plan as a workbook (.xlsx), CSV, an iCalendar file of its deadlines (.ics), or JSON."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from typing import Any

from engine.core.vocabulary import DECISIONS, PLAN_GRADES
from engine.outputs.plan import Plan, PlanRow
from engine.outputs.report_csv import BOM
from engine.outputs.report_csv import _cell as csv_cell

# (header, width, value) for the Plan sheet and the CSV; dates stay dates for the workbook
_DUE = {"contest": "Contest by", "response": "Response due", "evidence": "Evidence due", "limit": "Verify by (9.5.3.2)"}
COLUMNS: list[tuple[str, int]] = [
    ("#", 5),
    ("Finding", 12),
    ("Decision", 18),
    ("Raised as", 11),
    ("ncaudit proposes", 11),
    ("Planned as", 11),
    ("Clause", 10),
    ("Requirement", 28),
    ("The requirement in our words", 45),
    ("Requirement source", 11),
    ("What the requirement obliges", 40),
    ("Left to the organisation", 20),
    ("What the certification body will need", 48),
    (_DUE["contest"], 13),
    (_DUE["response"], 13),
    (_DUE["evidence"], 13),
    (_DUE["limit"], 13),
    ("Overdue", 24),
    ("Why (ncaudit)", 50),
    ("Note", 45),
    ("Finding as written", 60),
    ("Owner", 16),
    ("Status", 13),
    ("Comments", 30),
]
DATE_COLUMNS = {_DUE[k]: k for k in ("contest", "response", "evidence", "limit")}
STATUSES = ("Open", "In progress", "Submitted", "Accepted", "Closed")


def overdue_text(r: PlanRow) -> str | None:
    """`Response due: 23 days overdue`, one line per deadline passed on the plan's date; None when none has."""
    if not r.overdue:
        return None
    return "\n".join(
        f"{_DUE.get(dl.key, dl.key)}: {days} day{'s' if days != 1 else ''} overdue" for dl, _, days in r.overdue
    )


def row_values(r: PlanRow) -> list[Any]:
    """One row's cells, in COLUMNS order; dates as `datetime.date` (or None), owner/status/comments empty."""
    return [
        r.order,
        r.finding_id,
        r.decision,
        r.raised_grade or "ungraded",
        r.proposed_grade,
        r.plan_grade,
        r.clause,
        r.title,
        r.summary,
        r.requirement_source,
        r.obliges,
        ", ".join(r.leaves_open) or None,
        "\n".join(f"- {n}" for n in r.needs),
        r.due("contest"),
        r.due("response"),
        r.due("evidence"),
        r.due("limit"),
        overdue_text(r),
        r.why,
        r.note,
        r.statement,
        None,
        None,
        None,
    ]


# -- CSV ------------------------------------------------------------------------------------------------


def plan_csv(plan: Plan) -> str:
    out = io.StringIO()
    out.write(BOM)  # so that a spreadsheet reads it as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([h for h, _ in COLUMNS])
    for r in plan.rows:
        values = [v.isoformat() if isinstance(v, dt.date) else v for v in row_values(r)]
        writer.writerow([csv_cell(v) for v in values])
    return out.getvalue()


# -- workbook -------------------------------------------------------------------------------------------

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xl(value: Any) -> Any:
    """Text a workbook can hold (no XML-invalid control characters)."""
    if not isinstance(value, str):
        return value
    return _ILLEGAL.sub("", value)


def _as_text(row: Any) -> None:
    """Cells whose text starts with `=` stay text: openpyxl would otherwise store them as formulas."""
    for cell in row:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _append(ws: Any, values: list[Any]) -> list[Any]:
    """Append a row and return its cells, made here. openpyxl's `ws.max_row` and `ws[n]` scan every cell of the
    sheet, so reading the new row back through them made a sheet of n rows cost n^2 (1,000 findings: 6 s)."""
    from openpyxl.cell import Cell

    row = ws._current_row + 1
    cells = [Cell(ws, row=row, column=col, value=v) for col, v in enumerate(values, start=1)]
    ws.append(cells)
    _as_text(cells)
    return cells


def plan_xlsx(plan: Plan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE4EE")
    top = Alignment(vertical="top", wrap_text=True)
    for cell in _append(ws, [h for h, _ in COLUMNS]):
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    date_cols = {i + 1 for i, (h, _) in enumerate(COLUMNS) if h in DATE_COLUMNS}
    for r in plan.rows:
        for col, cell in enumerate(_append(ws, [_xl(v) for v in row_values(r)]), start=1):
            cell.alignment = top
            if col in date_cols:
                cell.number_format = "yyyy-mm-dd"
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "C2"  # the header and the finding's number and id stay in view
    last_col = get_column_letter(len(COLUMNS))
    last_row = max(len(plan.rows) + 1, 2)
    ws.auto_filter.ref = f"A1:{last_col}{last_row}"
    status_col = get_column_letter([h for h, _ in COLUMNS].index("Status") + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True)
    dv.add(f"{status_col}2:{status_col}{last_row + 200}")
    ws.add_data_validation(dv)
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    _mark_overdue(ws, plan)
    _summary_sheet(wb, plan, bold, fill, top)
    _deadlines_sheet(wb, plan, bold, fill, top)
    wb.properties.creator = _xl(plan.client or "ncaudit")
    wb.properties.title = _xl(f"Response plan, report {plan.report_id or '(no id)'}")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


OVERDUE_FILL = "F4C7C3"  # a light red: a deadline already passed on the plan's date
OVERDUE_FONT = "9C0006"


def _mark_overdue(ws: Any, plan: Plan) -> None:
    """The passed due dates and the Overdue cell of each row in red (rows are in plan order from row 2)."""
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", fgColor=OVERDUE_FILL)
    font = Font(color=OVERDUE_FONT, bold=True)
    header = [h for h, _ in COLUMNS]
    overdue_col = header.index("Overdue") + 1
    for n, r in enumerate(plan.rows, start=2):
        if not r.overdue:
            continue
        cols = [header.index(_DUE[dl.key]) + 1 for dl, _, _ in r.overdue if dl.key in _DUE] + [overdue_col]
        for col in cols:
            cell = ws.cell(n, col)
            cell.fill = fill
            cell.font = font


def _summary_sheet(wb: Any, plan: Plan, bold: Any, fill: Any, top: Any) -> None:
    from openpyxl.styles import Alignment

    ws = wb.create_sheet("Summary")
    details = [
        ("Report", plan.report_id),
        ("Client", plan.client),
        ("Certification body", plan.certification_body),
        ("Certificate", plan.certificate_number),
        ("Audit reference", plan.audit_reference),
        ("Audit type", plan.audit_type),
        ("First day", plan.first_day),
        ("Last day (deadlines count from it)", plan.last_day),
        ("Standard", plan.standard),
        ("Scheme", plan.scheme),
        ("Overdue counted on", plan.as_of),
    ]
    ws.append(["Response plan"])
    ws["A1"].font = bold
    for label, value in details:
        ws.append([label, _xl(value)])
        _as_text(ws[ws.max_row])
        ws.cell(ws.max_row, 1).font = bold
        if isinstance(value, dt.date):
            ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
    ws.append([])
    ws.append(["Findings by decision and grade (as planned)"])
    ws.cell(ws.max_row, 1).font = bold
    header_row = ws.max_row + 1
    ws.append(["Decision", *PLAN_GRADES, "Total"])
    for cell in ws[header_row]:
        cell.font = bold
        cell.fill = fill
    counts = plan.counts()
    for d in DECISIONS:
        row = [counts[d][g] for g in PLAN_GRADES]
        ws.append([d, *row, sum(row)])
    totals = [sum(counts[d][g] for d in DECISIONS) for g in PLAN_GRADES]
    ws.append(["Total", *totals, sum(totals)])
    ws.cell(ws.max_row, 1).font = bold
    ws.append([])
    ws.append(["Certification impact"])
    ws.cell(ws.max_row, 1).font = bold
    ws.append([_xl(plan.impact)])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=7)
    ws.cell(ws.max_row, 1).alignment = Alignment(vertical="top", wrap_text=True)
    ws.row_dimensions[ws.max_row].height = 120
    ws.append([])
    ws.append(["Deadlines"])
    ws.cell(ws.max_row, 1).font = bold
    sources = sorted({dl.source for r in plan.rows for dl, _ in r.deadlines})
    ws.append(
        [
            _xl(
                f"From the audit's last day, by {', '.join(sources) or 'no deadline'}. 17021-1 sets no days: "
                "the certification body's own time limits (9.4.9) prevail; set them under `plan:` in the "
                "configuration file."
            )
        ]
    )
    for w in plan.warnings:
        ws.append([_xl(f"Warning: {w}")])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 26
    for col in "CDEFGH":
        ws.column_dimensions[col].width = 12


def _deadlines_sheet(wb: Any, plan: Plan, bold: Any, fill: Any, top: Any) -> None:
    ws = wb.create_sheet("Deadlines")
    for cell in _append(ws, ["Due", "Finding", "Decision", "What", "Basis", "Deadline source", "Days overdue"]):
        cell.font = bold
        cell.fill = fill
    items = [(due, r, dl) for r in plan.rows for dl, due in r.deadlines]
    far = dt.date.max
    for due, r, dl in sorted(items, key=lambda x: (x[0] or far, x[1].order)):
        late = (plan.as_of - due).days if due is not None and due < plan.as_of else None
        cells = _append(ws, [due, _xl(r.finding_id), r.decision, _xl(dl.what), dl.basis, dl.source, late])
        cells[0].number_format = "yyyy-mm-dd"
        for cell in cells:
            cell.alignment = top
    for col, width in zip("ABCDEFG", (13, 12, 18, 60, 32, 20, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{max(len(items) + 1, 2)}"
    _mark_overdue_dates(ws)


def _mark_overdue_dates(ws: Any) -> None:
    """On the Deadlines sheet, the rows whose deadline has passed: due date and days in red."""
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", fgColor=OVERDUE_FILL)
    font = Font(color=OVERDUE_FONT, bold=True)
    for row in ws.iter_rows(min_row=2):
        if row[6].value is not None:
            for cell in (row[0], row[6]):
                cell.fill = fill
                cell.font = font


# -- iCalendar (RFC 5545) -------------------------------------------------------------------------------


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines; control characters go."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Lines longer than 75 octets folded with CRLF + space (RFC 5545 3.1), never inside a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _uid(plan: Plan, r: PlanRow, key: str) -> str:
    base = "|".join([plan.report_id or "", plan.audit_reference or "", plan.client or "", r.finding_id, key])
    return hashlib.sha256(base.encode("utf-8")).hexdigest()[:32] + "@ncaudit"


def plan_ics(plan: Plan, now: dt.datetime | None = None) -> str:
    """One all-day VEVENT per dated deadline, with a reminder a week before. The UID is stable (report,
    audit reference, client, finding and deadline), so importing a new plan updates the events."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ncaudit//response plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_escape(f"Audit response {plan.report_id or ''}".strip()),
    ]
    for r in plan.rows:
        for dl, due in r.deadlines:
            if due is None:
                continue
            summary = f"{r.finding_id}: {dl.what}"
            if dl.key == "contest":
                summary = f"{r.finding_id}: last day to {r.decision.replace('contest: ', 'contest (')}" + (
                    ")" if r.decision.startswith("contest") else ""
                )
            description = "\n".join(
                x
                for x in (
                    f"Report {plan.report_id}" if plan.report_id else "",
                    f"Decision: {r.decision} (raised as {r.raised_grade or 'ungraded'}, planned as {r.plan_grade})",
                    f"Requirement: {r.clause or '?'} {r.title or ''}".rstrip(),
                    f"{dl.what} ({dl.basis}; {dl.after} after the audit's last day, {dl.source})",
                    r.note,
                )
                if x
            )
            lines += [
                "BEGIN:VEVENT",
                f"UID:{_uid(plan, r, dl.key)}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{due.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{(due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
                "SUMMARY:" + ics_escape(summary),
                "DESCRIPTION:" + ics_escape(description),
                "CATEGORIES:" + ics_escape(r.decision),
                "TRANSP:TRANSPARENT",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "TRIGGER:-P7D",
                "DESCRIPTION:" + ics_escape(summary),
                "END:VALARM",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


# -- JSON ----------------------------------------------------------------------------------------------


def plan_json(plan: Plan) -> dict[str, Any]:
    def day(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "report_id": plan.report_id,
        "client": plan.client,
        "certification_body": plan.certification_body,
        "certificate_number": plan.certificate_number,
        "audit": {
            "reference": plan.audit_reference,
            "type": plan.audit_type,
            "first_day": day(plan.first_day),
            "last_day": day(plan.last_day),
            "scheme": plan.scheme,
        },
        "certification_impact": plan.impact,
        "counts": plan.counts(),
        "warnings": plan.warnings,
        "as_of": day(plan.as_of),
        "rows": [
            {
                "order": r.order,
                "finding_id": r.finding_id,
                "decision": r.decision,
                "verdict": r.verdict,
                "raised_grade": r.raised_grade,
                "proposed_grade": r.proposed_grade,
                "plan_grade": r.plan_grade,
                "requirement": {
                    "clause": r.clause,
                    "title": r.title,
                    "summary": r.summary,
                    "source": r.requirement_source,
                    "obliges": r.obliges,
                    "leaves_open": r.leaves_open,
                },
                "needs": r.needs,
                "deadlines": [
                    {
                        "key": dl.key,
                        "what": dl.what,
                        "due": day(due),
                        "after": str(dl.after),
                        "basis": dl.basis,
                        "source": dl.source,
                        "days_overdue": r.days_overdue(dl.key),
                    }
                    for dl, due in r.deadlines
                ],
                "why": r.why,
                "note": r.note,
            }
            for r in plan.rows
        ],
    }


def render_plan(plan: Plan, fmt: str) -> str | bytes:
    import json

    if fmt == "xlsx":
        return plan_xlsx(plan)
    if fmt == "csv":
        return plan_csv(plan)
    if fmt == "ics":
        return plan_ics(plan)
    if fmt == "json":
        return json.dumps(plan_json(plan), indent=2) + "\n"
    raise ValueError(f"format {fmt!r}: use xlsx, csv, ics or json")
