"""`POST /v1/reports/check`: a report in, a verdict for every finding out."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import EngineDep, SettingsDep, within_budget
from api.examples import REPORT_EXAMPLE
from api.headers import attachment
from engine.challenge import challenge_letter
from engine.models import Report, ReportVerdict
from engine.render import render

router = APIRouter(prefix="/v1/reports", tags=["reports"])
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
    responses={200: {"content": {"text/html": {}, "text/csv": {}}}},
)
async def check_report(
    report: Annotated[Report, Body(openapi_examples={"surveillance report": {"value": REPORT_EXAMPLE}})],
    engine: EngineDep,
    settings: SettingsDep,
    request: Request,
    format: Annotated[Format | None, Query(description="json (default), html or csv; or send Accept")] = None,
) -> ReportVerdict | Response:
    if len(report.findings) > settings.max_findings:
        raise too_many(len(report.findings), settings.max_findings)
    # Checked on the event loop, not in the thread pool: checking is CPU-bound and serialised by the engine
    # lock, so threads add no throughput, only GIL contention; and a worker busy checking accepts no new
    # connection, so the other workers of `ncaudit serve --workers N` take it (sync-worker behaviour).
    # The body has been read in full before this runs, so a slow client never holds the loop.
    result = within_budget(settings, engine.check, report)
    accept = request.headers.get("accept", "")
    fmt = format or ("html" if "text/html" in accept else "csv" if "text/csv" in accept else "json")
    if fmt == "html":
        return HTMLResponse(render([result], "html", reports=[report]))
    if fmt == "csv":
        return Response(
            render([result], "csv"),
            media_type="text/csv; charset=utf-8",
            headers=attachment(report.id, "-worklist.csv"),
        )
    return result


@router.post(
    "/challenge",
    summary="A letter asking the certification body to withdraw or regrade findings",
    responses={200: {"content": {"text/markdown": {}, DOCX: {}}}},
)
def challenge(
    report: Annotated[Report, Body(openapi_examples={"surveillance report": {"value": REPORT_EXAMPLE}})],
    engine: EngineDep,
    settings: SettingsDep,
    finding: Annotated[str | None, Query(description="only this finding")] = None,
    format: Annotated[Literal["md", "docx"], Query()] = "md",
) -> Response:
    if len(report.findings) > settings.max_findings:
        raise too_many(len(report.findings), settings.max_findings)
    try:
        letter = within_budget(settings, lambda: challenge_letter(report, engine.check(report), finding, format))
    except ValueError as exc:
        raise HTTPException(
            422, detail=[{"loc": ["query", "finding"], "msg": str(exc), "type": "value_error"}]
        ) from None
    headers = attachment(report.id, f"-challenge.{format}")
    if isinstance(letter, bytes):
        return Response(letter, media_type=DOCX, headers=headers)
    return Response(letter, media_type="text/markdown; charset=utf-8", headers=headers)
