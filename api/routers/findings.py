"""`POST /v1/findings/check`: one finding (with optional `standard`), one verdict."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from api.deps import EngineDep, SettingsDep, within_budget
from api.examples import FINDING_EXAMPLE
from engine.core.models import FindingRequest, FindingVerdict

router = APIRouter(prefix="/v1/findings", tags=["findings"])


@router.post("/check", response_model=FindingVerdict, summary="Check one finding")
async def check_finding(
    finding: Annotated[FindingRequest, Body(openapi_examples={"finding": {"value": FINDING_EXAMPLE}})],
    engine: EngineDep,
    settings: SettingsDep,
) -> FindingVerdict:
    return within_budget(settings, engine.check_finding, finding)  # on the event loop, as /v1/reports/check explains
