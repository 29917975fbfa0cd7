"""Findings from the spreadsheets certification bodies export (.csv, .xlsx): headers mapped, nothing lost."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from pathlib import Path
from typing import Any, Literal

from engine.core.limits import DEFAULT_LIMITS, ImportError_, Limits
from engine.core.normalise import grade_word, normalise_report_data, read_date, read_date_range
from engine.standards.citation import _STD

# our field <- the column names certification bodies use (compared without case, spaces or punctuation)
HEADERS: dict[str, tuple[str, ...]] = {
    "id": (
        "nc no",
        "nc number",
        "nc #",
        "nc",
        "ref",
        "reference",
        "finding ref",
        "finding no",
        "finding id",
        "id",
        "no",
        "number",
        "item",
    ),
    "grade": (
        "classification",
        "grade",
        "category",
        "type",
        "severity",
        "finding type",
        "nc grade",
        "nc type",
        "nc category",
        "finding category",
        "finding classification",
        "nc classification",
        "grading",
        "level",
    ),
    "clause": (
        "clause",
        "requirement",
        "clause ref",
        "clause reference",
        "standard clause",
        "clause no",
        "ref clause",
        "requirement clause",
        "clause requirement",
        "standard requirement",
        "requirement ref",
        "standard ref",
        "iso clause",
        "clause number",
    ),
    "statement": (
        "nonconformity",
        "non conformity",
        "nonconformance",
        "finding",
        "statement",
        "description",
        "nonconformity statement",
        "statement of nonconformity",
        "details",
        "finding description",
        "description of nonconformity",
        "description of non conformity",
        "description of nonconformance",
        "description of finding",
        "finding details",
        "details of finding",
        "details of nonconformity",
        "nc statement",
        "nc description",
        "nc details",
        "nonconformity description",
        "nonconformity details",
        "finding statement",
        "audit finding",
        "observation",
        # one column for the statement and the evidence written inline (most reports have no evidence column)
        "nonconformity and objective evidence",
        "nonconformity and evidence",
        "nonconformity statement and objective evidence",
        "nonconformity statement and evidence",
        "finding and objective evidence",
        "finding and evidence",
        "description of nonconformity and objective evidence",
        "description of nonconformity and evidence",
        "description of finding and evidence",
        "details of nonconformity and evidence",
    ),
    "evidence": (
        "objective evidence",
        "evidence",
        "audit evidence",
        "evidence details",
        "supporting evidence",
        "evidence of nonconformity",
        "objective evidence observed",
    ),
    "standard": ("standard", "audit standard", "criteria", "audit criteria"),
    "client_position": (
        "client response",
        "client position",
        "auditee comments",
        "auditee response",
        "client comments",
    ),
    "repeat_of": ("repeat of", "previous nc", "repeat"),
}


def _key(header: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", str(header or "").lower()).split())


@functools.cache
def _lookup() -> dict[str, str]:
    """Column name (as `_key` writes it) -> our field; built once (HEADERS is data that does not change)."""
    return {_key(name): fld for fld, names in HEADERS.items() for name in names}


def map_headers(row: list[object]) -> tuple[dict[int, str], list[str]]:
    """Column index -> our field, and the headers not used (reported, never silently dropped)."""
    lookup = _lookup()
    mapping: dict[int, str] = {}
    unused = []
    for i, header in enumerate(row):
        fld = lookup.get(_key(header))
        if fld and fld not in mapping.values():
            mapping[i] = fld
        elif str(header or "").strip():
            unused.append(str(header).strip())
    return mapping, unused


# the report's details as certification bodies label them in the rows above the findings' header
DETAILS: dict[str, tuple[str, ...]] = {
    "id": (
        "report no",
        "report number",
        "report ref",
        "report reference",
        "report id",
        "audit report no",
        "audit report number",
        "report",
    ),
    "client": (
        "client",
        "client name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "company",
        "company name",
        "auditee",
        "customer",
        "certificate holder",
    ),
    "certification_body": ("certification body", "cb", "registrar", "certifier", "certification body name"),
    "certificate_number": (
        "certificate no",
        "certificate number",
        "certificate",
        "cert no",
        "certificate ref",
        "certificate reference",
        "registration no",
        "registration number",
    ),
    "audit.reference": (
        "audit ref",
        "audit reference",
        "audit no",
        "audit number",
        "audit id",
        "job no",
        "job number",
        "visit ref",
        "visit reference",
    ),
    "audit.dates": (
        "audit date",
        "audit dates",
        "date of audit",
        "dates of audit",
        "audit date s",
        "dates",
        "date s",
        "date",
        "audit period",
        "visit date",
        "visit dates",
    ),
    "audit.first_day": ("audit start", "start date", "first day", "audit start date"),
    "audit.last_day": (
        "audit end",
        "end date",
        "last day",
        "audit end date",
        "closing meeting",
        "closing meeting date",
    ),
    "audit.type": ("audit type", "type of audit", "audit", "visit type", "type of visit", "assessment type"),
    "audit.lead_auditor": ("lead auditor", "audit team leader", "team leader", "lead assessor", "auditor"),
    "audit.scope": ("scope", "certification scope", "scope of certification", "audit scope"),
    "audit.scheme": ("scheme", "certification scheme"),
    "standard": ("standard", "standards", "standard s", "audit standard", "audit criteria", "criteria"),
}


@functools.cache
def _detail_lookup() -> dict[str, str]:
    return {_key(name): fld for fld, names in DETAILS.items() for name in names}


def _split_label(cell: str) -> tuple[str | None, str]:
    """`Client: Acme Ltd` -> ('client', 'Acme Ltd'); `Certificate No. Q-1` -> ('certificate_number', 'Q-1')."""
    lookup = _detail_lookup()
    text = cell.strip()
    whole = _key(text)
    if whole in lookup:
        return lookup[whole], ""
    m = re.match(r"^\s*([^:]{1,40}):\s*(.*)$", text, re.S)
    if m and _key(m[1]) in lookup:
        return lookup[_key(m[1])], m[2].strip()
    m = re.match(r"^\s*(.{1,40}?\bno)(?![a-z])\.?\s*[:#]?\s*(.+)$", text, re.S | re.I)
    if m and _key(m[1]) in lookup:
        return lookup[_key(m[1])], m[2].strip()
    return None, ""


def _cell_text(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def read_details(rows: list[list[object]]) -> tuple[dict[str, str], list[str]]:
    """Report details from title rows: `Client: Acme` in one cell, or `Client` | `Acme` in two cells."""
    located = read_details_located(rows)
    return {fld: value for fld, (value, _) in located.items()}, []


def read_details_located(rows: list[list[object]]) -> dict[str, tuple[str, int]]:
    """`read_details`, each value with the index of the row it was read from."""
    found: dict[str, tuple[str, int]] = {}
    for n, row in enumerate(rows):
        cells = [_cell_text(c) for c in row]
        i = 0
        while i < len(cells):
            fld, value = _split_label(cells[i]) if cells[i] else (None, "")
            if fld is None:
                i += 1
                continue
            if not value:
                # the value is the next non-empty cell on the row, unless that cell is itself a label
                j = i + 1
                while j < len(cells) and not cells[j]:
                    j += 1
                if j < len(cells) and _split_label(cells[j])[0] is None:
                    value, i = cells[j], j
            if value and fld not in found:
                found[fld] = (value, n)
            i += 1
    if "id" not in found:
        for n, row in enumerate(rows):
            for cell in row:
                m = re.search(
                    r"\breport\b\s*(?:no\.?|number|ref\.?|id)?\s*[:#]?\s*([A-Z0-9][A-Z0-9/_.-]*\d[A-Z0-9/_.-]*)",
                    _cell_text(cell),
                    re.I,
                )
                if m and "id" not in found:
                    found["id"] = (m[1].rstrip("."), n)
    return found


# a company's legal form, or a word that names a certifier: what makes a banner line a certification body's name
_ORGANISATION = re.compile(
    r"\b(?:ltd|limited|gmbh|inc|llc|plc|ag|s\.?a\.?s?|s\.?p\.?a|b\.?v|n\.?v|pty|co|corp|kk|oy|ab|as|srl|sarl)\.?$"
    r"|\b(?:certification|certifications|certificering|zertifizierung|certificazione|certificación|registrar|"
    r"assurance|inspection|notified body)\b",
    re.I,
)


def banner_name(lines: list[str]) -> str | None:
    """The certification body's name written as a title banner (`Northgate Certification Ltd`): the first of the
    top lines that reads as an organisation's name and is not a report's title or a labelled detail."""
    for text in lines[:4]:
        text = " ".join(text.split())
        if not (3 <= len(text) <= 80) or ":" in text or re.search(r"\breport|\baudit\b|\bpage\b", text, re.I):
            continue
        if _split_label(text)[0] is None and _ORGANISATION.search(text):
            return text
    return None


def _apply_details(
    report: dict[str, Any], details: dict[str, str], sources: dict[str, dict[str, Any]] | None = None
) -> list[str]:
    """The details read into the report (dates read as dates); `sources` (detail -> where it was read) are kept
    in the report's `sources` under the report's own field names (`audit.last_day`)."""
    warnings: list[str] = []
    audit: dict[str, Any] = dict(report.get("audit") or {})
    kept: dict[str, dict[str, Any]] = dict(report.get("sources") or {})
    where = sources or {}
    for fld, value in details.items():
        if fld == "standard":
            continue
        if fld == "audit.dates":
            first, last, notes = read_date_range(value)
            warnings += [f"title row 'Audit dates': {n}" for n in notes]
            if first:
                audit.setdefault("first_day", first.isoformat())
            if last:
                audit.setdefault("last_day", last.isoformat())
            for end in ("first_day", "last_day"):
                if fld in where:
                    kept.setdefault(f"audit.{end}", where[fld])
        elif fld in ("audit.first_day", "audit.last_day"):
            day, note = read_date(value)
            if note:
                warnings.append(f"title row {fld}: {note}")
            if day:
                audit[fld.split(".")[1]] = day.isoformat()
                if fld in where:
                    kept[fld] = where[fld]
        elif fld.startswith("audit."):
            audit[fld.split(".")[1]] = value
            if fld in where:
                kept[fld] = where[fld]
        else:
            report[fld] = value
            if fld in where:
                kept[fld] = where[fld]
    if audit:
        report["audit"] = audit
    if kept:
        report["sources"] = kept
    return warnings


def _evidence_cell(text: str) -> str | list[str]:
    """An evidence cell written as a list (bullets or numbered lines) becomes a list of items."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    bullet = re.compile(r"^(?:[-*\u2022\u25aa\u25cf\u2013]|\d{1,2}[.)]|[a-z][.)])\s+")
    if len(lines) > 1 and all(bullet.match(ln) for ln in lines):
        return [bullet.sub("", ln, count=1) for ln in lines]
    return text


_EMPTY: list[object] = []  # one shared object for every empty row: a million of them cost 8 MB, not 56


def _bounded_rows(rows: Any, limits: Limits) -> list[list[object]]:
    """Rows as read, trailing empty cells dropped, refused at the first limit passed. Empty rows keep their
    place (row numbers in messages are the sheet's) and count toward no limit; trailing ones are dropped."""
    out: list[list[object]] = []
    filled = 0
    for n, row in enumerate(rows, start=1):
        cells = list(row)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if not cells:
            out.append(_EMPTY)
            continue
        if len(cells) > limits.max_columns:
            raise limits.refuse(f"row {n} has {len(cells):,} columns, which", "max_columns", len(cells))
        for i, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                what = f"the cell in row {n}, column {i + 1} has {len(cell):,} characters, which"
                raise limits.refuse(what, "max_cell_chars", len(cell), too_large=True)
        out.append(cells)
        filled += 1
        if filled > limits.max_rows:
            raise limits.refuse(f"the sheet has more than {limits.max_rows:,} rows, which", "max_rows", filled)
    while out and out[-1] is _EMPTY:
        out.pop()
    return out


def _rows_csv(raw: bytes, limits: Limits) -> list[list[object]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    if csv.field_size_limit() < limits.max_cell_chars + 1:
        csv.field_size_limit(limits.max_cell_chars + 1)
    try:
        return _bounded_rows(csv.reader(io.StringIO(text), dialect), limits)
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise limits.refuse("a cell", "max_cell_chars", 0, too_large=True) from None
        raise ImportError_(f"not readable as comma- or tab-separated rows ({exc}); save it again as CSV") from None


def check_archive(data: bytes, limits: Limits, what: str = "workbook", unreadable: str | None = None) -> None:
    """An .xlsx or .docx is a zip archive: refuse one that unpacks too large (a zip bomb) before anything is
    unpacked. `what` names it in messages; `unreadable` is the message for a file that is no zip archive."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportError_(
            unreadable
            or "this is not an Excel workbook (.xlsx) that can be read: open it in Excel or LibreOffice and save it "
            "again as .xlsx, or save it as CSV"
        ) from None
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise limits.refuse(f"the {what} unpacks to {total:,} bytes, which", "max_uncompressed_bytes", total, True)
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > limits.max_compression_ratio * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise limits.refuse(
                f"a part of the {what} ({m.filename}) is compressed {ratio:,.0f} times, which",
                "max_compression_ratio",
                ratio,
                True,
            )


class Sheet:
    """One sheet's rows as read (bounded), with its name: the sheet of findings, or a cover sheet before it."""

    __slots__ = ("name", "rows")

    def __init__(self, name: str | None, rows: list[list[object]]) -> None:
        self.name = name
        self.rows = rows


COVER_ROWS = 200  # rows of a sheet before the findings' one kept for its details (a cover sheet)


def _sheets_xlsx(data: bytes, limits: Limits) -> tuple[Sheet, list[Sheet]]:
    """The sheet that holds the findings (the first with a header row of findings, else the first sheet), and
    the sheets before it (their first rows only: a cover sheet's details)."""
    from openpyxl import load_workbook

    check_archive(data, limits)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise ImportError_(
            "this workbook could not be read: open it in Excel or LibreOffice and save it again as .xlsx, "
            "or save it as CSV"
        ) from None
    try:
        before: list[Sheet] = []
        first: Sheet | None = None
        for ws in wb.worksheets:
            ws.reset_dimensions()  # the `dimension` element is the file's claim, not its used range
            sheet = Sheet(ws.title, _bounded_rows(ws.iter_rows(values_only=True), limits))
            if _header_row(sheet.rows) is not None:
                return sheet, before
            first = sheet if first is None else first
            before.append(Sheet(sheet.name, sheet.rows[:COVER_ROWS]))
        return first or Sheet(None, []), []
    finally:
        wb.close()


def _rows_xlsx(data: bytes, limits: Limits) -> list[list[object]]:
    return _sheets_xlsx(data, limits)[0].rows


def _header_row(rows: list[list[object]]) -> int | None:
    for i, row in enumerate(rows[:30]):
        mapping, _ = map_headers(row)
        if "statement" in mapping.values():
            return i
    return None


def _designation_above(rows: list[list[object]]) -> str | None:
    """A title row above the header often names the standard ("Audit report ... ISO 9001:2015")."""
    located = _designation_located(rows)
    return located[0] if located else None


def _designation_located(rows: list[list[object]]) -> tuple[str, int] | None:
    """`_designation_above`, with the index of its row."""
    for n, row in enumerate(rows):
        for cell in row:
            m = _STD.search(str(cell or ""))
            if m and m.group("year"):
                return " ".join(m.group(0).split()), n
    return None


def import_rows(
    rows: list[list[object]],
    standard: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    file: str | None = None,
    sheet: str | None = None,
    cover: list[Sheet] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """A report dict in the contract's shape, and warnings (unused columns). Given `file` (and `sheet`; "" for
    rows without a file), each finding's `source` and the report's `sources` say where each was read;
    `cover`: sheets before this one, read for the report's details."""
    start = _header_row(rows)
    if start is None:
        needed = ", ".join(HEADERS["statement"][:6])
        first = next((r for r in rows if any(str(c or "").strip() for c in r)), None)
        if first is None:
            raise ImportError_(
                f"the file is empty: put a header row first (a column named like {needed}), then one finding a row"
            )
        found = ", ".join(repr(str(h).strip()) for h in first if str(h or "").strip())
        raise ImportError_(
            f"no column holds the findings: the first row reads {found[:300]}; name the column of findings "
            f"one of {needed} (and optionally add {', '.join(k for k in HEADERS if k != 'statement')})"
        )
    mapping, unused = map_headers(rows[start])
    row_warnings: list[str] = []
    findings = []
    standards = set()
    where = f"sheet {sheet!r}, " if sheet else ""

    def source(row: int, at: str | None = sheet) -> dict[str, Any]:
        return {k: v for k, v in (("file", file or None), ("sheet", at), ("row", row)) if v is not None}

    for n, row in enumerate(rows[start + 1 :], start=start + 2):
        values = {fld: ("" if i >= len(row) or row[i] is None else str(row[i]).strip()) for i, fld in mapping.items()}
        if not any(values.values()) and not any(str(c or "").strip() for c in row):
            continue
        if not values.get("statement"):
            raise ImportError_(f"{where}row {n}: the statement cell is empty")
        finding: dict[str, Any] = {"id": values.get("id") or f"row-{n}", "statement": values["statement"]}
        grade_text = values.get("grade", "")
        finding["grade"], problem = grade_word(grade_text)
        if problem:
            row_warnings.append(f"{where}row {n} ({finding['id']}): grade: {problem}")
        if grade_text.strip().lower().startswith("critical"):
            finding["scheme_grade"] = "critical"  # FSSC 22000's grade above major (engine/rulebook/schemes.py)
        for fld in ("clause", "client_position", "repeat_of"):
            if values.get(fld):
                finding[fld] = values[fld]
        if values.get("evidence"):
            finding["evidence"] = _evidence_cell(values["evidence"])
        if values.get("standard"):
            standards.add(values["standard"])
            finding["standard"] = values["standard"]
        if file is not None:
            finding["source"] = source(n)
        findings.append(finding)
        if len(findings) > limits.max_findings:
            raise limits.refuse(f"more than {limits.max_findings:,} findings, which", "max_findings", len(findings))
    if not findings:
        raise ImportError_(f"{where}no findings below the header row")
    report: dict[str, Any] = {"findings": findings}
    # details: the title rows above the header, then any cover sheet before this one
    titled = [(sheet, rows[:start])] + [(c.name, c.rows) for c in cover or []]
    details: dict[str, str] = {}
    sources: dict[str, dict[str, Any]] = {}
    for at, title_rows in titled:
        for fld, (value, i) in read_details_located(title_rows).items():
            if fld not in details:
                details[fld] = value
                sources[fld] = source(i + 1, at)
    banner_warnings: list[str] = []
    if "certification_body" not in details:
        for at, title_rows in titled:
            top = [_cell_text(r[0]) for r in title_rows[:6] if len([c for c in r if _cell_text(c)]) == 1]
            named = banner_name([t for t in top if t])
            if named:
                details["certification_body"] = named
                i = next(k for k, r in enumerate(title_rows) if r and _cell_text(r[0]) == named)
                sources["certification_body"] = source(i + 1, at)
                banner_warnings.append(f"certification body read from the title banner: {named!r}")
                break
    detail_warnings = _apply_details(report, details, sources if file is not None else None)
    if standard:
        report["standard"] = standard
    elif len(standards) == 1:
        report["standard"] = standards.pop()
    else:
        named = None
        for at, title_rows in titled:
            located = _designation_located(title_rows)
            if located:
                named = located[0]
                if file is not None:
                    report.setdefault("sources", {})["standard"] = source(located[1] + 1, at)
                break
        if named:
            report["standard"] = named
        elif details.get("standard"):
            report["standard"] = details["standard"]
            if file is not None and "standard" in sources:
                report.setdefault("sources", {})["standard"] = sources["standard"]
    report, normalised = normalise_report_data(report)
    warnings = [f"column {u!r} is not used (not a report field)" for u in unused]
    # grades were read above with the row named; the normaliser's own notes (audit type, dates) follow
    return report, warnings + row_warnings + detail_warnings + banner_warnings + normalised


def import_spreadsheet(path: Path, standard: str | None = None, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    report, _ = import_spreadsheet_with_warnings(path, standard, limits)
    return report


def import_spreadsheet_with_warnings(
    path: Path, standard: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], list[str]]:
    return import_spreadsheet_data(read_file(path, limits), path.name, standard, limits)


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A spreadsheet's bytes, refused by its size before it is read."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise limits.refuse(f"the file has {size:,} bytes, which", "max_file_bytes", size, too_large=True)
    return path.read_bytes()


# every format a report is read from, for messages that refuse a file
FORMATS = (
    "a JSON report, a spreadsheet (.csv, .xlsx), a PDF or Word (.docx) audit report, or an IATF CARA export "
    "(.json, .xml)"
)

SPREADSHEET_KINDS: dict[str, Literal["csv", "xlsx"]] = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}


def import_spreadsheet_data(
    data: bytes, name: str, standard: str | None = None, limits: Limits = DEFAULT_LIMITS, kind: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """A spreadsheet's bytes to a report and warnings; `name` gives the kind (unless `kind`, `csv` or `xlsx`,
    is given) and the report's id when the sheet names none."""
    suffix = Path(name).suffix.lower()
    kind = kind or SPREADSHEET_KINDS.get(suffix)
    size = len(data)
    if size > limits.max_file_bytes:
        raise limits.refuse(f"the file has {size:,} bytes, which", "max_file_bytes", size, too_large=True)
    file = Path(name).name  # "" for pasted rows: their findings' source is the row alone
    if kind == "csv":
        report, warnings = import_rows(_rows_csv(data, limits), standard, limits, file=file)
    elif kind == "xlsx":
        found, cover = _sheets_xlsx(data, limits)
        report, warnings = import_rows(found.rows, standard, limits, file=file, sheet=found.name, cover=cover)
        if cover:
            warnings.append(f"findings read from sheet {found.name!r}; details from sheet {cover[0].name!r}")
    else:
        raise ImportError_(f"unsupported file type {suffix!r}; use {FORMATS}")
    if Path(name).stem not in ("", "-"):
        report.setdefault("id", Path(name).stem)
    check_output(report, limits)
    return report, warnings


def check_output(report: dict[str, Any], limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a report (from any way in) with more findings, or more JSON, than the limits allow."""
    findings = report.get("findings")
    if isinstance(findings, list) and len(findings) > limits.max_findings:
        raise limits.refuse(f"{len(findings):,} findings", "max_findings", len(findings))
    size = len(json.dumps(report, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
    if size > limits.max_output_bytes:
        raise limits.refuse(f"the report read from the file ({size:,} bytes as JSON)", "max_output_bytes", size, True)
