"""Liveness: open even when API keys are required."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import EngineDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and what is loaded")
def healthz(engine: EngineDep) -> dict[str, object]:
    return {
        "status": "ok",
        "version": engine.info.version,
        "ruleset": engine.info.ruleset,
        "standards": len(engine.info.standards),
    }
