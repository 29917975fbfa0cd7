"""Liveness: open even when API keys are required."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import EngineDep
from api.responses import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness and what is loaded")
def healthz(engine: EngineDep) -> Health:
    return Health.model_validate(
        {
            "status": "ok",
            "version": engine.info.version,
            "ruleset": engine.info.ruleset,
            "standards": len(engine.info.standards),
        }
    )
