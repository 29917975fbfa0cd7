"""`POST /v1/reports/check`: a report in, a verdict for every finding out."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from api.deps import EngineDep, SettingsDep, within_budget
from api.examples import REPORT_EXAMPLE
from api.headers import attachment
from api.responses import BINARY_FILE, TEXT_FILE, PlanAnswer
from api.tenancy import check_and_keep_request
from api.uploads import ReportFileRoute, read_warnings
from engine.core.models import Report, ReportVerdict
from engine.core.normalise import with_input_warnings
from engine.outputs.challenge import challenge_letter
from engine.outputs.plan import build_plan
from engine.outputs.plan_formats import plan_json, render_plan
from engine.outputs.render import render

# each route takes the report as JSON, or as a file by its content type (api/uploads.py), else 415
router = APIRouter(prefix="/v1/reports", tags=["reports"], route_class=ReportFileRoute)
FILE_ANSWERS: dict[int | str, dict[str, Any]] = {
    413: {"description": "A report sent as a file is over a size limit (named in the message)"},
    415: {"description": "Neither JSON nor a report file: the message names what is read, and /v1/reports/import"},
}
KEPT_HEADER = "X-Ncaudit-Stored-Report"  # the store's id of the check (GET /v1/desk/reports/{id})
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def too_many(n: int, limit: int) -> HTTPException:
    return HTTPException(
        status_code=422,
        detail=[
            {
                "loc": ["body", "findings"],
                "msg": f"{n} findings is over the limit of {limit} per report",
                "type": "too_long",
            }
        ],
    )


Format = Literal["json", "html", "csv"]


@router.post(
    "/check",
    response_model=ReportVerdict,
    summary="Check every finding of a report",
    description="The report as JSON, or as a file sent with its content type (application/pdf, a Word or Excel "
    "type, text/csv, application/xml for a CARA export, or multipart/form-data with a `file` field); query "
    "parameters `standard`, `client`, `certification_body`, `report_id`, `audit_date`, `first_day`, `last_day` "
    "complete what a file does not say. To review what was read first, use POST /v1/reports/import.",
    responses={200: {"content": {"text/html": TEXT_FILE, "text/csv": TEXT_FILE}}, **FILE_ANSWERS},
)
async def check_report(
    report: Annotated[Report, Body(openapi_examples={"surveillance report": {"value": REPORT_EXAMPLE}})],
    engine: EngineDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    format: Annotated[Format | None, Query(description="json (default), html or csv; or send Accept")] = None,
) -> ReportVerdict | Response:
    if len(report.findings) > settings.max_findings:
        raise too_many(len(report.findings), settings.max_findings)
    # Checked on the event loop, not in the thread pool: checking is CPU-bound and serialised by the engine
    # lock, so threads add no throughput, only GIL contention; and a worker busy checking accepts no new
    # connection, so the other workers of `ncaudit serve --workers N` take it (sync-worker behaviour).
    # The body has been read in full before this runs, so a slow client never holds the loop.
    report._input_warnings = read_warnings(request) + report.input_warnings
    accept = request.headers.get("accept", "")
    fmt = format or ("html" if "text/html" in accept else "csv" if "text/csv" in accept else "json")

    def answer() -> ReportVerdict | Response:  # checking and rendering share the request's CPU budget
        verdict, kept = check_and_keep_request(request, settings, engine, report)  # kept when the store is on
        result = with_input_warnings(report, verdict)
        if kept is not None:
            response.headers[KEPT_HEADER] = str(kept)
        if fmt == "html":
            return HTMLResponse(render([result], "html", reports=[report]))
        if fmt == "csv":
            return Response(
                render([result], "csv", reports=[report]),
                media_type="text/csv; charset=utf-8",
                headers=attachment(report.id, "-worklist.csv"),
            )
        return result

    return within_budget(settings, answer)


PLAN_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}


@router.post(
    "/plan",
    summary="The response plan: a decision, the requirement, what is needed and the due dates for every finding",
    responses={
        200: {
            "model": PlanAnswer,
            "content": {PLAN_TYPES["xlsx"]: BINARY_FILE, "text/csv": TEXT_FILE, "text/calendar": TEXT_FILE},
        },
        **FILE_ANSWERS,
    },
)
async def plan(
    report: Annotated[Report, Body(openapi_examples={"surveillance report": {"value": REPORT_EXAMPLE}})],
    engine: EngineDep,
    settings: SettingsDep,
    format: Annotated[
        Literal["xlsx", "csv", "ics", "json"], Query(description="xlsx (default), csv, ics or json")
    ] = "xlsx",
) -> Response:
    if len(report.findings) > settings.max_findings:
        raise too_many(len(report.findings), settings.max_findings)

    def answer() -> Response:  # checking, planning and writing the file share the request's CPU budget
        result = with_input_warnings(report, engine.check(report))
        built = build_plan(report, result, engine.config.plan, engine.config.scheme.name)
        if format == "json":
            return JSONResponse(plan_json(built))
        body = render_plan(built, format)
        return Response(body, media_type=PLAN_TYPES[format], headers=attachment(report.id, f"-plan.{format}"))

    return within_budget(settings, answer)


@router.post(
    "/challenge",
    summary="The client's letter to the certification body: findings contested, findings accepted with dates",
    response_class=Response,
    responses={
        200: {"content": {"text/markdown": TEXT_FILE, "text/plain": TEXT_FILE, DOCX: BINARY_FILE}},
        **FILE_ANSWERS,
    },
)
def challenge(
    report: Annotated[Report, Body(openapi_examples={"surveillance report": {"value": REPORT_EXAMPLE}})],
    engine: EngineDep,
    settings: SettingsDep,
    finding: Annotated[str | None, Query(description="only this finding")] = None,
    format: Annotated[Literal["md", "txt", "docx"], Query(description="Markdown, plain text or .docx")] = "md",
    paper: Annotated[Literal["a4", "letter"], Query(description=".docx page size")] = "a4",
    date: Annotated[dt.date | None, Query(description="the letter's date (default today)")] = None,
) -> Response:
    if len(report.findings) > settings.max_findings:
        raise too_many(len(report.findings), settings.max_findings)
    try:
        letter = within_budget(
            settings,
            lambda: challenge_letter(
                report,
                engine.check(report),
                finding,
                format,
                paper=paper,
                date=date,
                policy=engine.config.plan,
                scheme_name=engine.config.scheme.name,
                library=engine.library,
            ),
        )
    except ValueError as exc:
        raise HTTPException(
            422, detail=[{"loc": ["query", "finding"], "msg": str(exc), "type": "value_error"}]
        ) from None
    headers = attachment(report.id, f"-challenge.{format}")
    if isinstance(letter, bytes):
        return Response(letter, media_type=DOCX, headers=headers)
    media = "text/plain; charset=utf-8" if format == "txt" else "text/markdown; charset=utf-8"
    return Response(letter, media_type=media, headers=headers)
