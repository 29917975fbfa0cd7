"""`POST /v1/reports/import`: a spreadsheet or JSON file (or pasted rows) to a report, for the review page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, UploadFile

from api.deps import SettingsDep, within_budget
from api.responses import ImportedReport
from engine.core.limits import ImportError_, LimitError
from engine.inputs.importer import SPREADSHEET_KINDS
from engine.inputs.reader import Kind, NotAReport, NotJson, read_report_data

router = APIRouter(prefix="/v1/reports", tags=["reports"])

# what the page takes, by suffix (tab-separated and text exports are read as CSV); anything else is refused
_KINDS: dict[str, Kind] = {".json": "json", **SPREADSHEET_KINDS, ".tsv": "csv", ".txt": "csv"}


def _bad(field: str, msg: str) -> HTTPException:
    return HTTPException(422, detail=[{"loc": ["body", field], "msg": msg, "type": "value_error"}])


def _limit(field: str, where: str, exc: LimitError) -> HTTPException:
    """413 for a size, 422 for a count; the message names the limit (its NCAUDIT_* setting)."""
    kind = "too_large" if exc.too_large else "too_long"
    return HTTPException(
        413 if exc.too_large else 422, detail=[{"loc": ["body", field], "msg": f"{where}{exc}", "type": kind}]
    )


@router.post(
    "/import",
    response_model=ImportedReport,
    summary="Turn an uploaded .json, .csv or .xlsx file, or pasted rows, into a report",
    responses={
        413: {"description": "The file, or what it unpacks to, is over a size limit (named in the message)"},
        422: {"description": "The file cannot become a report, or is over a count limit (named in the message)"},
    },
)
def import_report(
    settings: SettingsDep,
    file: Annotated[UploadFile | None, File(description="a report: .json, .csv or .xlsx")] = None,
    text: Annotated[str | None, Form(description="rows pasted from a spreadsheet (with a header row), or JSON")] = None,
    standard: Annotated[str | None, Form()] = None,
) -> ImportedReport:
    limits = settings.import_limits()
    kind: Kind | None
    if file is not None and file.filename:
        field, name, data = "file", Path(file.filename).name, file.file.read()
        where = f"{name}: "
        kind = _KINDS.get(Path(name).suffix.lower())
    elif text and text.strip():
        field, name, data = "text", "pasted", text.encode("utf-8")
        where = "the pasted rows: "
        kind = "json" if text.lstrip().startswith("{") else "csv"
    else:
        raise _bad("file", "choose a file to upload, or paste rows copied from a spreadsheet (with the header row)")
    if kind is None:
        raise _bad(field, f"{where}this kind of file cannot be read: save it as .xlsx or .csv (or .json) and try again")
    try:
        report, warnings = within_budget(settings, read_report_data, data, name, standard or None, limits, kind)
    except NotJson as exc:
        why = f"this is not a JSON document ({exc.cause}); check it, or use a .csv or .xlsx"
        raise _bad(field, f"{where}{why}") from None
    except NotAReport:
        raise _bad(field, f"{where}a report is a JSON object with `findings`: see the example in /docs") from None
    except LimitError as exc:
        raise _limit(field, where, exc) from None
    except ImportError_ as exc:
        raise _bad(field, f"{where}{exc}") from None
    return ImportedReport(report=report, warnings=warnings)
