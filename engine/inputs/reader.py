"""One reader of reports from a file path or bytes, for both doors: the command line (`ncaudit check FILE`,
`plan`, `challenge`) and the service (`POST /v1/reports/import`).

JSON is decoded and bounded here; spreadsheets (.csv, .xlsx) go through the importer. Every problem is an
`ImportError_` (a `LimitError` for a limit) whose message names no file: each door puts its own label in
front (`report.json: ...`, `the pasted rows: ...`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from engine.core.errors import validation_messages
from engine.core.limits import DEFAULT_LIMITS, ImportError_, Limits
from engine.core.models import Report
from engine.inputs.importer import (
    SPREADSHEET_KINDS,
    check_output,
    check_size,
    import_spreadsheet_data,
    read_file,
)

Kind = Literal["json", "csv", "xlsx"]


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
    """`.csv` and `.xlsx`/`.xlsm` are spreadsheets; anything else (and stdin) is read as JSON."""
    return SPREADSHEET_KINDS.get(Path(name).suffix.lower(), "json")


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
    kind = kind or kind_of(name)
    # one bounded read for every kind: a regular file, refused by its size before it is read (JSON as well)
    raw = read_file(source, limits) if isinstance(source, Path) else source
    check_size(raw, limits)
    if kind != "json":
        return import_spreadsheet_data(raw, name, standard, limits, kind)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise NotJson("not UTF-8 text; a report is a JSON document", exc) from None
    except json.JSONDecodeError as exc:
        raise NotJson(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", exc) from None
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
) -> tuple[Report, dict[str, Any]]:
    """`read_report_data`, validated: the report (its input warnings, reading's and normalising's, kept for
    its verdict) and the data it was read from. A report the model refuses raises InvalidReport."""
    data, warnings = read_report_data(source, name, standard, limits, kind)
    try:
        report = Report.model_validate(data)
    except ValidationError as exc:
        raise InvalidReport("; ".join(validation_messages(exc, data))) from None
    # what the input gave (unknown optional values, columns not used) goes with the report into its verdict
    report._input_warnings = warnings + report.input_warnings
    return report, data
