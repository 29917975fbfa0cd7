"""Report files sent to the service: read through the engine's one reader, its errors worded for HTTP.

`read_upload` serves `POST /v1/reports/import` (a file or pasted rows) and `ReportFileRoute` lets the routes that
take a report (`/v1/reports/check`, `/plan`, `/challenge`) take a file too, told by its content type: a PDF, a Word
document, a workbook, a CSV, a CARA XML export, or a multipart form with a `file` field. Anything else that is not
JSON answers 415 naming `/v1/reports/import`.
"""

from __future__ import annotations

import datetime as dt
import email.message
import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute
from starlette.datastructures import UploadFile

from api.deps import within_budget
from engine.core.limits import ImportError_, LimitError
from engine.core.settings import Settings
from engine.inputs.importer import FORMATS
from engine.inputs.reader import Kind, NotAReport, NotJson, read_report_data, with_details

# content types a report file is sent as, and how each is read (octet-stream: by its bytes)
CONTENT_KINDS: dict[str, Kind | None] = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": "xlsx",
    "text/csv": "csv",
    "text/tab-separated-values": "csv",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/octet-stream": None,
}


# the details a user may give beside a file (form fields of the import, query parameters of a file sent to a
# report route), and the report field each fills
GIVEN_FIELDS: dict[str, str] = {
    "report_id": "id",
    "client": "client",
    "certification_body": "certification_body",
    "audit_date": "audit.date",
    "first_day": "audit.first_day",
    "last_day": "audit.last_day",
}


def bad(field: str, msg: str) -> HTTPException:
    return HTTPException(422, detail=[{"loc": ["body", field], "msg": msg, "type": "value_error"}])


def _limit(field: str, where: str, exc: LimitError) -> HTTPException:
    """413 for a size, 422 for a count; the message names the limit (its NCAUDIT_* setting)."""
    kind = "too_large" if exc.too_large else "too_long"
    return HTTPException(
        413 if exc.too_large else 422, detail=[{"loc": ["body", field], "msg": f"{where}{exc}", "type": kind}]
    )


def read_upload(
    settings: Settings,
    data: bytes,
    name: str,
    kind: Kind | None,
    standard: str | None,
    field: str,
    where: str,
    details: dict[str, str | None] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """The report a file holds and the warnings reading it gave; unusable files answer 413 or 422 naming `field`.
    `details` (see `engine.inputs.reader.with_details`) replace what the file says."""
    try:
        report, warnings = within_budget(
            settings, read_report_data, data, name, standard or None, settings.import_limits(), kind
        )
    except NotJson as exc:
        raise bad(field, f"{where}this is not a JSON document ({exc.cause}); ncaudit reads {FORMATS}") from None
    except NotAReport:
        raise bad(field, f"{where}a report is a JSON object with `findings`: see the example in /docs") from None
    except LimitError as exc:
        raise _limit(field, where, exc) from None
    except ImportError_ as exc:
        raise bad(field, f"{where}{exc}") from None
    if details:
        report, replaced = with_details(report, details)
        warnings = warnings + replaced
    return report, warnings


def given_details(values: dict[str, Any]) -> dict[str, str | None]:
    """`GIVEN_FIELDS` given (form fields or query parameters) as report field paths; a date that is not
    YYYY-MM-DD answers 422 naming its field."""
    given: dict[str, str | None] = {}
    for name, path in GIVEN_FIELDS.items():
        value = values.get(name)
        if not isinstance(value, str) or not value.strip():
            continue
        if path.startswith("audit.") and path != "audit.type":
            try:
                dt.date.fromisoformat(value.strip())
            except ValueError:
                raise bad(name, f"{name}: {value!r} is not a date written YYYY-MM-DD") from None
        given[path] = value.strip()
    return given


def _media_type(request: Request) -> str:
    message = email.message.Message()
    message["content-type"] = request.headers.get("content-type", "application/json")
    return message.get_content_type()


class ReportFileRoute(APIRoute):
    """A route whose JSON body is a report, that also takes the report as a file (by its content type): the file is
    read and handed on as the JSON report, its reading's warnings in `request.state.read_warnings`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            media = _media_type(request)
            if media == "application/json" or media.endswith("+json"):
                return await handler(request)
            if media in ("text/plain", "application/x-www-form-urlencoded"):
                # `curl -d @report.json` and plain-text senders: JSON read as JSON, anything else as rows (text)
                head = (await request.body())[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
                if head.startswith((b"{", b"[")):
                    return await handler(_as_json(request, await request.body()))
                if media == "text/plain":
                    media = "text/csv"
            settings: Settings = request.app.state.settings
            if media == "multipart/form-data":
                form = await request.form()
                upload = form.get("file")
                if not isinstance(upload, UploadFile) or not upload.filename:
                    raise bad("file", "send the report as the form's `file` field (or as JSON)")
                name = Path(upload.filename).name
                data = await upload.read()
                standard = form.get("standard")
                kind = None
            elif media in CONTENT_KINDS:
                data = await request.body()
                kind = CONTENT_KINDS[media]
                name = ""
                standard = request.query_params.get("standard")
            else:
                raise HTTPException(
                    415,
                    detail=f"a report is sent as JSON, or as a file ({', '.join(k for k in CONTENT_KINDS)}, or a "
                    f"multipart form with a `file` field); {media!r} is not read here. To read a file and review "
                    "what was read before checking it, use POST /v1/reports/import",
                )
            given = given_details(dict(request.query_params))
            where = f"{name}: " if name else "the file: "
            report, warnings = read_upload(
                settings, data, name, kind, standard if isinstance(standard, str) else None, "file", where, given
            )
            request.state.read_warnings = warnings  # in scope["state"], shared with the request handed on
            return await handler(_as_json(request, json.dumps(report, ensure_ascii=False).encode("utf-8")))

        return handle


def _as_json(request: Request, body: bytes) -> Request:
    """The request again, its body `body` sent as JSON."""
    request.state  # noqa: B018 - makes scope["state"] exist, so the new request shares it
    scope = dict(request.scope)
    scope["headers"] = [(k, v) for k, v in request.scope["headers"] if k not in (b"content-type", b"content-length")]
    scope["headers"] += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


def read_warnings(request: Request) -> list[str]:
    """What reading a file sent to a report route said (see `ReportFileRoute`); none for a JSON body."""
    return list(getattr(request.state, "read_warnings", []))
