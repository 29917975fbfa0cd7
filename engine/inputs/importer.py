"""Findings from the spreadsheets certification bodies export (.csv, .xlsx): headers mapped, nothing lost."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, Literal

from engine.core.bounded_read import NotAFile, TooLarge, read_bytes_bounded
from engine.core.limits import DEFAULT_LIMITS, ImportError_, LimitError, Limits
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


def _lookup() -> dict[str, str]:
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
    found: dict[str, str] = {}
    for row in rows:
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
                found[fld] = value
            i += 1
    if "id" not in found:
        for row in rows:
            for cell in row:
                m = re.search(
                    r"\breport\b\s*(?:no\.?|number|ref\.?|id)?\s*[:#]?\s*([A-Z0-9][A-Z0-9/_.-]*\d[A-Z0-9/_.-]*)",
                    _cell_text(cell),
                    re.I,
                )
                if m and "id" not in found:
                    found["id"] = m[1].rstrip(".")
    return found, []


def _apply_details(report: dict[str, Any], details: dict[str, str]) -> list[str]:
    warnings: list[str] = []
    audit: dict[str, Any] = {}
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
        elif fld in ("audit.first_day", "audit.last_day"):
            day, note = read_date(value)
            if note:
                warnings.append(f"title row {fld}: {note}")
            if day:
                audit[fld.split(".")[1]] = day.isoformat()
        elif fld.startswith("audit."):
            audit[fld.split(".")[1]] = value
        else:
            report[fld] = value
    if audit:
        report["audit"] = audit
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


def _check_archive(data: bytes, limits: Limits) -> None:
    """An .xlsx is a zip archive: refuse one that unpacks too large (a zip bomb) before anything is unpacked."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportError_(
            "this is not an Excel workbook (.xlsx) that can be read: open it in Excel or LibreOffice and save it "
            "again as .xlsx, or save it as CSV"
        ) from None
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise limits.refuse(f"the workbook unpacks to {total:,} bytes, which", "max_uncompressed_bytes", total, True)
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > limits.max_compression_ratio * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise limits.refuse(
                f"a part of the workbook ({m.filename}) is compressed {ratio:,.0f} times, which",
                "max_compression_ratio",
                ratio,
                True,
            )


def _rows_xlsx(data: bytes, limits: Limits) -> list[list[object]]:
    from openpyxl import load_workbook

    _check_archive(data, limits)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise ImportError_(
            "this workbook could not be read: open it in Excel or LibreOffice and save it again as .xlsx, "
            "or save it as CSV"
        ) from None
    try:
        first: list[list[object]] | None = None
        for ws in wb.worksheets:
            ws.reset_dimensions()  # the `dimension` element is the file's claim, not its used range
            rows = _bounded_rows(ws.iter_rows(values_only=True), limits)
            if _header_row(rows) is not None:
                return rows
            first = rows if first is None else first
        return first or []
    finally:
        wb.close()


def _header_row(rows: list[list[object]]) -> int | None:
    for i, row in enumerate(rows[:30]):
        mapping, _ = map_headers(row)
        if "statement" in mapping.values():
            return i
    return None


def _designation_above(rows: list[list[object]]) -> str | None:
    """A title row above the header often names the standard ("Audit report ... ISO 9001:2015")."""
    for row in rows:
        for cell in row:
            m = _STD.search(str(cell or ""))
            if m and m.group("year"):
                return " ".join(m.group(0).split())
    return None


def import_rows(
    rows: list[list[object]], standard: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], list[str]]:
    """A report dict in the contract's shape, and warnings (unused columns)."""
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
    for n, row in enumerate(rows[start + 1 :], start=start + 2):
        values = {fld: ("" if i >= len(row) or row[i] is None else str(row[i]).strip()) for i, fld in mapping.items()}
        if not any(values.values()) and not any(str(c or "").strip() for c in row):
            continue
        if not values.get("statement"):
            raise ImportError_(f"row {n}: the statement cell is empty")
        finding: dict[str, Any] = {"id": values.get("id") or f"row-{n}", "statement": values["statement"]}
        grade_text = values.get("grade", "")
        finding["grade"], problem = grade_word(grade_text)
        if problem:
            row_warnings.append(f"row {n} ({finding['id']}): grade: {problem}")
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
        findings.append(finding)
        if len(findings) > limits.max_findings:
            raise limits.refuse(f"more than {limits.max_findings:,} findings, which", "max_findings", len(findings))
    if not findings:
        raise ImportError_("no findings below the header row")
    report: dict[str, Any] = {"findings": findings}
    details, _ = read_details(rows[:start])
    detail_warnings = _apply_details(report, details)
    if standard:
        report["standard"] = standard
    elif len(standards) == 1:
        report["standard"] = standards.pop()
    else:
        named = _designation_above(rows[:start])
        if named:
            report["standard"] = named
        elif details.get("standard"):
            report["standard"] = details["standard"]
    report, normalised = normalise_report_data(report)
    warnings = [f"column {u!r} is not used (not a report field)" for u in unused]
    # grades were read above with the row named; the normaliser's own notes (audit type, dates) follow
    return report, warnings + row_warnings + detail_warnings + normalised


def import_spreadsheet(path: Path, standard: str | None = None, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    report, _ = import_spreadsheet_with_warnings(path, standard, limits)
    return report


def import_spreadsheet_with_warnings(
    path: Path, standard: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], list[str]]:
    return import_spreadsheet_data(read_file(path, limits), path.name, standard, limits)


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A report file's bytes (JSON or spreadsheet): a regular file only, refused by its size before it is read
    (`engine/core/bounded_read.py`)."""
    try:
        return read_bytes_bounded(path, limits.max_file_bytes)
    except NotAFile as exc:
        raise ImportError_(f"{exc}: give a file, or `-` to read standard input") from None
    except TooLarge as exc:
        raise _too_large(exc.size, limits) from None


def check_size(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Bytes already in memory (an upload, standard input), refused over the same limit as a file."""
    if len(data) > limits.max_file_bytes:
        raise _too_large(len(data), limits)


def _too_large(size: int | None, limits: Limits) -> LimitError:
    what = f"the file has {size:,} bytes, which" if size is not None else "the input"
    return limits.refuse(what, "max_file_bytes", size or limits.max_file_bytes + 1, too_large=True)


SPREADSHEET_KINDS: dict[str, Literal["csv", "xlsx"]] = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}


def import_spreadsheet_data(
    data: bytes, name: str, standard: str | None = None, limits: Limits = DEFAULT_LIMITS, kind: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """A spreadsheet's bytes to a report and warnings; `name` gives the kind (unless `kind`, `csv` or `xlsx`,
    is given) and the report's id when the sheet names none."""
    suffix = Path(name).suffix.lower()
    kind = kind or SPREADSHEET_KINDS.get(suffix)
    check_size(data, limits)
    if kind == "csv":
        rows = _rows_csv(data, limits)
    elif kind == "xlsx":
        rows = _rows_xlsx(data, limits)
    else:
        raise ImportError_(f"unsupported file type {suffix!r}; use .json, .csv or .xlsx")
    report, warnings = import_rows(rows, standard, limits)
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
