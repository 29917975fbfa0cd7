"""One reader of reports from a file path or bytes, for both doors: the command line (`ncaudit check FILE`,
`plan`, `challenge`) and the service (`POST /v1/reports/import`, and `/v1/reports/check` given a file).

JSON is decoded and bounded here; spreadsheets (.csv, .xlsx) go through the importer; PDF and Word reports
through `pdf.py` / `word.py` and `document.py`; IATF CARA exports (JSON or XML) through `cara.py`. The kind is
the file's suffix, or what its first bytes say when the suffix says nothing or contradicts them. Every problem is
an `ImportError_` (a `LimitError` for a limit) whose message names no file: each door puts its own label in
front (`report.json: ...`, `the pasted rows: ...`). Every finding read from a file carries its `source` (file,
page or sheet, row) and the report's `sources` say where each detail was read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from engine.core.errors import validation_messages
from engine.core.limits import DEFAULT_LIMITS, ImportError_, Limits
from engine.core.models import Report
from engine.inputs import cara
from engine.inputs.document import report_from_document
from engine.inputs.importer import (
    FORMATS,
    SPREADSHEET_KINDS,
    check_output,
    check_size,
    import_spreadsheet_data,
    read_file,
)
from engine.inputs.pdf import read_pdf
from engine.inputs.streamed import GIVEN_DETAILS, StreamedReport, read_streamed, with_details
from engine.inputs.word import read_docx

__all__ = ["GIVEN_DETAILS", "with_details"]  # read here by the doors; they live with the streamed reader

Kind = Literal["json", "csv", "xlsx", "pdf", "docx", "xml"]
# every suffix read, and its kind (.tsv and .txt are read as CSV)
KINDS: dict[str, Kind] = {
    ".json": "json",
    **SPREADSHEET_KINDS,
    ".tsv": "csv",
    ".txt": "csv",
    ".pdf": "pdf",
    ".docx": "docx",
    ".xml": "xml",
    ".cara": "json",
}


class NotJson(ImportError_):
    """Not a JSON document: not UTF-8, or malformed. `cause` is the decoder's own error."""

    def __init__(self, message: str, cause: ValueError) -> None:
        super().__init__(message)
        self.cause = cause


class NotAReport(ImportError_):
    """JSON, but not an object (a report is an object with `findings`)."""


class InvalidReport(ImportError_):
    """Data that the report model refuses; the message lists each field and what is wrong with it."""


def kind_of(name: str) -> Kind:
    """The kind a file's suffix says (`KINDS`); anything else (and stdin) is read as JSON unless its bytes say
    otherwise (`sniff`)."""
    return KINDS.get(Path(name).suffix.lower(), "json")


def sniff(data: bytes) -> Kind | None:
    """The kind the first bytes say: a PDF, a Word document or a workbook (zip archives told apart by their
    parts), XML, JSON; None when they say nothing."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536]:
            return "docx"
        if b"xl/" in data[:65536]:
            return "xlsx"
        return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return "xml"
    if text.startswith((b"{", b"[")):
        return "json"
    return None


def _name_report(report: dict[str, Any], name: str) -> None:
    """A report that names no id is named after its file (never after stdin or pasted text)."""
    if Path(name).stem not in ("", "-"):
        report.setdefault("id", Path(name).stem)


def _kind(raw: bytes, name: str, kind: Kind | None) -> Kind:
    """The kind `name` (or `kind`) says, unless the bytes overrule a suffix that cannot be right (a PDF saved
    as .json, a workbook named .csv)."""
    named = kind or kind_of(name)
    found = sniff(raw)
    return found if found in ("pdf", "docx", "xlsx") or (found == "xml" and named == "json") else named


def read_report_data(
    source: bytes | Path,
    name: str | None = None,
    standard: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    kind: Kind | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """A report as data in the contract's shape, and the warnings reading it gave (unused columns, grade
    words not understood), from a file or its bytes. `name` (default: the path's) gives the kind unless
    `kind` does, and a spreadsheet report's id when it names none; `standard` fills in a report that names
    none. A path is read as `importer.read_file` reads it (a regular file, bounded before reading). Raises
    ImportError_ (LimitError, NotJson, NotAReport) or, reading a path, OSError."""
    name = name if name is not None else (source.name if isinstance(source, Path) else "")
    # one bounded read for every kind: a regular file, refused by its size before it is read (JSON as well)
    raw = read_file(source, limits) if isinstance(source, Path) else source
    check_size(raw, limits)
    file = Path(name).name
    kind = _kind(raw, name, kind)
    if kind in ("json", "xml") and cara.encrypted(raw):
        raise ImportError_(cara.ENCRYPTED_MESSAGE)
    if kind in ("csv", "xlsx"):
        return import_spreadsheet_data(raw, name, standard, limits, kind)
    if kind in ("pdf", "docx"):
        doc = read_pdf(raw, file, limits) if kind == "pdf" else read_docx(raw, file, limits)
        report, warnings = report_from_document(doc, standard, limits)
        _name_report(report, name)
        check_output(report, limits)
        return report, warnings
    if kind == "xml":
        report, warnings = cara.read_export_xml(raw, file, standard, limits)
        _name_report(report, name)
        check_output(report, limits)
        return report, warnings
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise NotJson(f"not UTF-8 text, so not a JSON report; ncaudit reads {FORMATS}", exc) from None
    except json.JSONDecodeError as exc:
        raise NotJson(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", exc) from None
    except RecursionError:
        raise ImportError_("the JSON is nested too deeply to be a report (a report is a few levels deep)") from None
    if cara.is_export(data):
        report, warnings = cara.read_export_json(data, file, standard, limits)
        _name_report(report, name)
        check_output(report, limits)
        return report, warnings
    if not isinstance(data, dict):
        raise NotAReport(f"a report is a JSON object with `findings`; got {type(data).__name__}")
    if standard and not data.get("standard"):
        data["standard"] = standard
    check_output(data, limits)
    return data, []


def read_report(
    source: bytes | Path,
    name: str | None = None,
    standard: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    kind: Kind | None = None,
    details: Mapping[str, str | None] | None = None,
) -> tuple[Report, dict[str, Any]]:
    """`read_report_data`, validated: the report (its input warnings, reading's and normalising's, kept for
    its verdict) and the data it was read from. `details` (see `with_details`) replace what the file says.
    A report the model refuses raises InvalidReport."""
    data, warnings = read_report_data(source, name, standard, limits, kind)
    if details:
        data, replaced = with_details(data, details)
        warnings = warnings + replaced
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        raise InvalidReport("; ".join(validation_messages(exc, data))) from None
    # what the input gave (unknown optional values, columns not used) goes with the report into its verdict
    report._input_warnings = warnings + report.input_warnings
    return report, data


def read_report_streamed(
    source: bytes | Path,
    name: str | None = None,
    standard: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    details: Mapping[str, str | None] | None = None,
) -> StreamedReport | Report:
    """`read_report`, but a JSON report in the contract's shape that passes validation comes back as a
    `StreamedReport` (its findings validated, then read again one at a time as the check takes them:
    engine/inputs/streamed.py), so a large report's findings are never all held. Any other report, and any
    report with an error, is read whole: the same report, warnings and errors as `read_report`."""
    name = name if name is not None else (source.name if isinstance(source, Path) else "")
    raw = read_file(source, limits) if isinstance(source, Path) else source
    check_size(raw, limits)
    if _kind(raw, name, None) == "json" and not cara.encrypted(raw):
        given = (lambda data: with_details(data, details)) if details else None
        streamed = read_streamed(raw, standard, limits, given)  # its bytes copied to a private spool
        if streamed is not None:
            return streamed
    return read_report(raw, name, standard, limits, details=details)[0]
