"""`POST /v1/reports/import`: a report file (JSON, spreadsheet, PDF, Word, CARA export) or pasted rows to a
report, for the review page to show what was read (each finding's `source`, the report's `sources`) before it
is checked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from api.deps import SettingsDep
from api.responses import ImportedReport
from api.uploads import bad, given_details, read_upload
from engine.inputs.importer import FORMATS
from engine.inputs.reader import KINDS, Kind

router = APIRouter(prefix="/v1/reports", tags=["reports"])


@router.post(
    "/import",
    response_model=ImportedReport,
    summary="Read an uploaded report file (.json, .csv, .xlsx, .pdf, .docx, CARA .json/.xml), or pasted rows, "
    "into a report, each finding with where it was read",
    responses={
        413: {"description": "The file, or what it unpacks to, is over a size limit (named in the message)"},
        422: {"description": "The file cannot become a report, or is over a count limit (named in the message)"},
    },
)
def import_report(
    settings: SettingsDep,
    file: Annotated[
        UploadFile | None, File(description="a report: .json, .csv, .xlsx, .pdf, .docx, or a CARA .json/.xml")
    ] = None,
    text: Annotated[str | None, Form(description="rows pasted from a spreadsheet (with a header row), or JSON")] = None,
    standard: Annotated[str | None, Form()] = None,
    report_id: Annotated[str | None, Form(description="the report's number, when the file names none")] = None,
    client: Annotated[str | None, Form(description="the organisation audited")] = None,
    certification_body: Annotated[str | None, Form()] = None,
    audit_date: Annotated[str | None, Form(description="YYYY-MM-DD: the audit's date (its last day)")] = None,
    first_day: Annotated[str | None, Form(description="YYYY-MM-DD: the audit's first day")] = None,
    last_day: Annotated[str | None, Form(description="YYYY-MM-DD: the audit's last day (closing meeting)")] = None,
) -> ImportedReport:
    kind: Kind | None
    if file is not None and file.filename:
        field, name, data = "file", Path(file.filename).name, file.file.read()
        where = f"{name}: "
        kind = KINDS.get(Path(name).suffix.lower())
        if kind is None:
            raise bad(field, f"{where}this kind of file cannot be read: ncaudit reads {FORMATS}")
    elif text and text.strip():
        field, name, data = "text", "", text.encode("utf-8")
        where = "the pasted rows: "
        kind = "json" if text.lstrip().startswith("{") else "csv"
    else:
        raise bad("file", "choose a file to upload, or paste rows copied from a spreadsheet (with the header row)")
    given = given_details(
        {
            "report_id": report_id,
            "client": client,
            "certification_body": certification_body,
            "audit_date": audit_date,
            "first_day": first_day,
            "last_day": last_day,
        }
    )
    report, warnings = read_upload(settings, data, name, kind, standard, field, where, given)
    return ImportedReport(report=report, warnings=warnings)
