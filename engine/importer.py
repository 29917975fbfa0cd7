"""Findings from the spreadsheets certification bodies export (.csv, .xlsx): headers mapped, nothing lost."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from engine.models import normalise_grade

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
    "grade": ("classification", "grade", "category", "type", "severity", "finding type", "nc grade", "nc type"),
    "clause": ("clause", "requirement", "clause ref", "clause reference", "standard clause", "clause no", "ref clause"),
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
    ),
    "evidence": ("objective evidence", "evidence", "audit evidence", "evidence details"),
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
GRADES = {
    "major nc": "major",
    "major non conformity": "major",
    "major nonconformity": "major",
    "maj": "major",
    "minor nc": "minor",
    "minor non conformity": "minor",
    "minor nonconformity": "minor",
    "min": "minor",
    "opportunity for improvement": "ofi",
    "ofi": "ofi",
    "improvement": "ofi",
    "obs": "observation",
    "observation": "observation",
    "area of concern": "observation",
}


class ImportError_(ValueError):  # noqa: N801 - `ImportError` is a builtin
    """A spreadsheet that cannot become a report; names the row or the columns."""


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


def _grade(value: str) -> str | None:
    key = " ".join(re.sub(r"[^a-z]+", " ", value.lower()).split())
    if not key:
        return None
    mapped = GRADES.get(key) or normalise_grade(key)
    if mapped in ("major", "minor", "ofi", "observation"):
        return str(mapped)
    raise ImportError_(f"grade {value!r} is not one of Major, Minor, OFI, Observation")


def _rows_csv(path: Path) -> list[list[object]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _rows_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise ImportError_(f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            if _header_row(rows) is not None:
                return rows
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)] if wb.worksheets else []
    finally:
        wb.close()


def _header_row(rows: list[list[object]]) -> int | None:
    for i, row in enumerate(rows[:10]):
        mapping, _ = map_headers(row)
        if "statement" in mapping.values():
            return i
    return None


def _designation_above(rows: list[list[object]]) -> str | None:
    """A title row above the header often names the standard ("Audit report ... ISO 9001:2015")."""
    from engine.citation import _STD

    for row in rows:
        for cell in row:
            m = _STD.search(str(cell or ""))
            if m and m.group("year"):
                return " ".join(m.group(0).split())
    return None


def import_rows(rows: list[list[object]], standard: str | None = None) -> tuple[dict[str, Any], list[str]]:
    """A report dict in the contract's shape, and warnings (unused columns)."""
    start = _header_row(rows)
    if start is None:
        found = [str(h).strip() for h in (rows[0] if rows else []) if str(h or "").strip()]
        needed = ", ".join(HEADERS["statement"][:6])
        raise ImportError_(
            f"no statement column: found columns {found or 'none'}; need one named like {needed} "
            f"(and optionally {', '.join(k for k in HEADERS if k != 'statement')})"
        )
    mapping, unused = map_headers(rows[start])
    findings = []
    standards = set()
    for n, row in enumerate(rows[start + 1 :], start=start + 2):
        values = {fld: ("" if i >= len(row) or row[i] is None else str(row[i]).strip()) for i, fld in mapping.items()}
        if not any(values.values()) and not any(str(c or "").strip() for c in row):
            continue
        if not values.get("statement"):
            raise ImportError_(f"row {n}: the statement cell is empty")
        finding: dict[str, Any] = {"id": values.get("id") or f"row-{n}", "statement": values["statement"]}
        try:
            finding["grade"] = _grade(values.get("grade", ""))
            if values.get("grade", "").strip().lower().startswith("critical"):
                finding["scheme_grade"] = "critical"  # FSSC 22000's grade above major (engine/schemes.py)
        except ImportError_ as exc:
            raise ImportError_(f"row {n}: {exc}") from None
        for fld in ("clause", "evidence", "client_position", "repeat_of"):
            if values.get(fld):
                finding[fld] = values[fld]
        if values.get("standard"):
            standards.add(values["standard"])
            finding["standard"] = values["standard"]
        findings.append(finding)
    if not findings:
        raise ImportError_("no findings below the header row")
    report: dict[str, Any] = {"findings": findings}
    if standard:
        report["standard"] = standard
    elif len(standards) == 1:
        report["standard"] = standards.pop()
    else:
        named = _designation_above(rows[:start])
        if named:
            report["standard"] = named
    warnings = [f"column {u!r} is not used (not a report field)" for u in unused]
    return report, warnings


def import_spreadsheet(path: Path, standard: str | None = None) -> dict[str, Any]:
    report, _ = import_spreadsheet_with_warnings(path, standard)
    return report


def import_spreadsheet_with_warnings(path: Path, standard: str | None = None) -> tuple[dict[str, Any], list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _rows_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _rows_xlsx(path)
    else:
        raise ImportError_(f"unsupported file type {suffix!r}; use .json, .csv or .xlsx")
    report, warnings = import_rows(rows, standard)
    report.setdefault("id", path.stem)
    return report, warnings
