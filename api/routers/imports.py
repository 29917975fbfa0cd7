"""`POST /v1/reports/import`: a spreadsheet or JSON file (or pasted rows) to a report, for the review page."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, UploadFile

from engine.importer import ImportError_, import_spreadsheet_with_warnings

router = APIRouter(prefix="/v1/reports", tags=["reports"])


def _bad(field: str, msg: str) -> HTTPException:
    return HTTPException(422, detail=[{"loc": ["body", field], "msg": msg, "type": "value_error"}])


@router.post("/import", summary="Turn an uploaded .json, .csv or .xlsx file, or pasted rows, into a report")
def import_report(
    file: Annotated[UploadFile | None, File(description="a report: .json, .csv or .xlsx")] = None,
    text: Annotated[str | None, Form(description="rows pasted from a spreadsheet (with a header row), or JSON")] = None,
    standard: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    if file is not None and file.filename:
        name, data = Path(file.filename).name, file.file.read()
    elif text and text.strip():
        name, data = ("pasted.json" if text.lstrip().startswith("{") else "pasted.csv"), text.encode("utf-8")
    else:
        raise _bad("file", "upload a file or paste findings")
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        try:
            report = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _bad("file", f"{name}: not a JSON document ({exc})") from None
        if not isinstance(report, dict):
            raise _bad("file", f"{name}: a report is a JSON object with `findings`")
        if standard and not report.get("standard"):
            report["standard"] = standard
        return {"report": report, "warnings": []}
    if suffix not in (".csv", ".xlsx", ".xlsm", ".tsv", ".txt"):
        raise _bad("file", f"{name}: use a .json, .csv or .xlsx file")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("upload.csv" if suffix in (".tsv", ".txt") else f"upload{suffix}")
        path.write_bytes(data)
        try:
            report, warnings = import_spreadsheet_with_warnings(path, standard=standard or None)
        except ImportError_ as exc:
            raise _bad("file", f"{name}: {exc}") from None
    report["id"] = Path(name).stem if not report.get("id") or report["id"] == path.stem else report["id"]
    return {"report": report, "warnings": warnings}
