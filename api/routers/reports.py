"""`POST /v1/reports/check`: a report in, a verdict for every finding out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException

from api.deps import EngineDep, SettingsDep
from api.examples import REPORT_EXAMPLE
from engine.models import Report, ReportVerdict

router = APIRouter(prefix="/v1/reports", tags=["reports"])


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


@router.post("/check", response_model=ReportVerdict, summary="Check every finding of a report")
def check_report(
    report: Annotated[Report, Body(openapi_examples={"surveillance report": {"value": REPORT_EXAMPLE}})],
    engine: EngineDep,
    settings: SettingsDep,
) -> ReportVerdict:
    if len(report.findings) > settings.max_findings:
        raise too_many(len(report.findings), settings.max_findings)
    return engine.check(report)
