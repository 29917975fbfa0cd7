"""`/v1/desk/...`: the certification body's review desk over the store. Each route answers for the key's own
organisation only (another's report is 404, as if absent), checks the key's role, and logs the read or the
decision (who, when, what). Mounted only when the store is on (NCAUDIT_STORE)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Path, Query, Response
from fastapi.responses import JSONResponse

from api.deps import EngineDep, SettingsDep, within_budget
from api.desk_models import (
    Count,
    DecisionIn,
    DecisionOut,
    Forgotten,
    KeptCheck,
    KeyIn,
    KeyOut,
    LogEntry,
    PrecisionAnswer,
    Purged,
    StateIn,
    StoredCheck,
    StoredSummary,
    TrendsAnswer,
)
from api.errors import Message
from api.examples import REPORT_EXAMPLE
from api.headers import attachment
from api.responses import BINARY_FILE, TEXT_FILE
from api.routers.reports import too_many
from api.tenancy import ADMIN, DECIDE, LOCAL, MANAGE, READ, PrincipalDep, StoreDep, require
from engine.core.models import Report
from engine.core.normalise import with_input_warnings
from engine.store.repository import StoreError, check_and_keep
from engine.store.trends import INDICATORS_NOTE, Dimension, field_precision, to_csv, to_xlsx, trends

router = APIRouter(prefix="/v1/desk", tags=["review desk"])
RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "API keys are in use and the request has none, or a wrong one", "model": Message},
    403: {"description": "The key's role may not do this (the message names the roles that may)", "model": Message},
    404: {"description": "No such report or issue in your organisation", "model": Message},
    409: {"description": "The report's state does not allow it (issued, or out of order)", "model": Message},
}

ReportId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the store's id of a check")]
IssueId = Annotated[int, Path(ge=1, le=2**31 - 1, description="an issue's `issue_id` in the stored verdict")]
Month = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="a month, YYYY-MM")]
Client = Annotated[str | None, Query(max_length=500)]
StateFilter = Annotated[Literal["checked", "reviewed", "issued"] | None, Query()]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def answer(exc: StoreError) -> HTTPException:
    """A store's refusal as the API words errors: 422 names the field, 404 and 409 say what is wrong."""
    if exc.status == 422:
        return HTTPException(422, detail=[{"loc": ["body", exc.field], "msg": str(exc), "type": "value_error"}])
    return HTTPException(exc.status, detail=str(exc))


@router.post("/reports", response_model=KeptCheck, summary="Check a report and keep it for review")
async def keep_report(
    report: Annotated[Report, Body(openapi_examples={"surveillance report": {"value": REPORT_EXAMPLE}})],
    engine: EngineDep,
    settings: SettingsDep,
    store: StoreDep,
    who: PrincipalDep,
) -> KeptCheck:
    require(who, DECIDE, "keep reports")
    if len(report.findings) > settings.max_findings:
        raise too_many(len(report.findings), settings.max_findings)
    verdict, kept = check_and_keep(store, who, report, lambda r: within_budget(settings, engine.check, r))
    return KeptCheck(id=kept, verdict=with_input_warnings(report, verdict))


@router.get("/reports", response_model=list[StoredSummary], summary="The organisation's stored checks, newest first")
async def list_reports(
    store: StoreDep,
    who: PrincipalDep,
    client: Client = None,
    state: StateFilter = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[dict[str, Any]]:
    require(who, READ, "read reports")
    return store.list_reports(who, client, state, limit, offset)


@router.get("/reports/count", response_model=Count, summary="How many checks the organisation has stored")
async def count_reports(store: StoreDep, who: PrincipalDep, client: Client = None, state: StateFilter = None) -> Count:
    require(who, READ, "read reports")
    return Count(count=store.count_reports(who, client, state))


@router.get("/reports/{report_id}", response_model=StoredCheck, summary="One stored check with its decisions")
async def get_report(report_id: ReportId, store: StoreDep, who: PrincipalDep) -> dict[str, Any]:
    require(who, READ, "read reports")
    try:
        return store.get_report(who, report_id)
    except StoreError as exc:
        raise answer(exc) from None


@router.get("/reports/{report_id}/log", response_model=list[LogEntry], summary="Who read or decided on a report")
async def report_log(report_id: ReportId, store: StoreDep, who: PrincipalDep) -> list[dict[str, Any]]:
    require(who, MANAGE, "read the access log")
    try:
        store.get_report(who, report_id)  # 404 for another's; the look is itself logged
    except StoreError as exc:
        raise answer(exc) from None
    return store.access_log(who, report_id)


@router.post(
    "/reports/{report_id}/issues/{issue_id}/decision",
    response_model=DecisionOut,
    summary="Accept an issue (sent back), dismiss it with a reason, or record the auditor's rewrite",
)
async def decide(
    report_id: ReportId, issue_id: IssueId, body: DecisionIn, store: StoreDep, who: PrincipalDep
) -> dict[str, Any]:
    require(who, DECIDE, "decide on issues")
    try:
        return store.decide(who, report_id, issue_id, body.action, body.reason, body.text)
    except StoreError as exc:
        raise answer(exc) from None


@router.post("/reports/{report_id}/state", response_model=StoredSummary, summary="checked -> reviewed -> issued")
async def set_state(report_id: ReportId, body: StateIn, store: StoreDep, who: PrincipalDep) -> dict[str, Any]:
    require(who, DECIDE, "change a report's state")
    try:
        return store.set_state(who, report_id, body.state)
    except StoreError as exc:
        raise answer(exc) from None


@router.delete("/reports/{report_id}", status_code=204, summary="Delete a stored check (personal data)")
async def delete_report(report_id: ReportId, store: StoreDep, who: PrincipalDep) -> Response:
    require(who, MANAGE, "delete reports")
    try:
        store.delete_report(who, report_id)
    except StoreError as exc:
        raise answer(exc) from None
    return Response(status_code=204)


@router.get(
    "/trends",
    summary="Trends per auditor, client, standard, clause, rule or period: indicators, not judgments of a person",
    description=INDICATORS_NOTE,
    responses={200: {"model": TrendsAnswer, "content": {"text/csv": TEXT_FILE, XLSX: BINARY_FILE}}},
)
async def get_trends(
    store: StoreDep,
    who: PrincipalDep,
    by: Dimension = "auditor",
    since: Month = None,
    until: Month = None,
    format: Annotated[Literal["json", "csv", "xlsx"], Query(description="json (default), csv or xlsx")] = "json",
) -> Response:
    require(who, DECIDE, "read trends")
    try:
        rows = trends(store, who, by, since, until)
    except StoreError as exc:
        raise answer(exc) from None
    if format == "csv":
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8", headers=attachment(f"trends-{by}", ".csv"))
    if format == "xlsx":
        return Response(to_xlsx(rows, f"by {by}"), media_type=XLSX, headers=attachment(f"trends-{by}", ".xlsx"))
    return JSONResponse({"by": by, "note": INDICATORS_NOTE, "rows": rows})


@router.get(
    "/precision",
    summary="Per rule and month: reviewers' decisions and the rule's precision in the field",
    responses={200: {"model": PrecisionAnswer}},
)
async def precision(store: StoreDep, who: PrincipalDep) -> JSONResponse:
    require(who, DECIDE, "read trends")
    return JSONResponse({"rows": field_precision(store, who)})


@router.get("/log", response_model=list[LogEntry], summary="The organisation's access log, newest first")
async def access_log(
    store: StoreDep, who: PrincipalDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[dict[str, Any]]:
    require(who, MANAGE, "read the access log")
    return store.access_log(who, None, limit)


@router.post("/keys", response_model=KeyOut, status_code=201, summary="A new API key of your organisation")
async def add_key(body: KeyIn, store: StoreDep, who: PrincipalDep) -> KeyOut:
    require(who, ADMIN, "make keys")
    if who.actor == LOCAL:  # the first key changes who may use the service: not from an anonymous request
        raise HTTPException(
            403,
            detail="the first API key is made on the server: `ncaudit desk add-key --role admin --label NAME` "
            "(or set NCAUDIT_API_KEYS); then make the others here with an admin's key",
        )
    key = store.add_key(who.organisation, body.role, body.label)
    store.log(who, "add-key", detail=f"{body.role}: {body.label}")
    return KeyOut(key=key, organisation=who.organisation, role=body.role, label=body.label)


@router.delete("/auditors/{name}", response_model=Forgotten, summary="Erase an auditor's name from every stored report")
async def forget_auditor(
    name: Annotated[str, Path(min_length=2, max_length=500)], store: StoreDep, who: PrincipalDep
) -> Forgotten:
    require(who, ADMIN, "erase personal data")
    try:
        return Forgotten(reports_changed=store.forget_auditor(who, name))
    except StoreError as exc:
        raise answer(exc) from None


@router.post("/retention/purge", response_model=Purged, summary="Delete stored checks older than the retention")
async def purge(
    store: StoreDep,
    who: PrincipalDep,
    settings: SettingsDep,
    days: Annotated[int | None, Query(ge=1, le=100_000, description="default: NCAUDIT_RETENTION_DAYS")] = None,
) -> Purged:
    require(who, ADMIN, "delete reports")
    days = days or settings.retention_days
    if not days:
        raise HTTPException(
            422,
            detail=[{"loc": ["query", "days"], "msg": "give `days`, or set NCAUDIT_RETENTION_DAYS", "type": "missing"}],
        )
    return Purged(deleted=store.purge(days, who))
