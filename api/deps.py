"""Named dependencies: the engine, the settings and the API-key check.

All three are `async def`: they never block, and FastAPI would run a plain `def` dependency in its thread
pool, a thread hop per dependency per request."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Request, status

from api.guard import CheckTooCostly, bounded
from engine.check.engine import Engine
from engine.core.settings import Settings


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def require_api_key(request: Request, settings: SettingsDep) -> None:
    """When API keys are configured, accept `X-API-Key: KEY` or `Authorization: Bearer KEY`."""
    keys = settings.keys()
    store = getattr(request.app.state, "store", None)  # the review desk's keys (api/tenancy.py) count too
    if not keys and (store is None or not store.has_keys()):
        return
    given = request.headers.get("x-api-key", "")
    auth = request.headers.get("authorization", "")
    if not given and auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if given and any(hmac.compare_digest(given.encode(), k.encode()) for k in keys):
        return
    if given and store is not None and store.find_key(given) is not None:
        return
    raise HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="missing or invalid API key: send `X-API-Key: KEY` or `Authorization: Bearer KEY`",
        headers={"WWW-Authenticate": "Bearer"},
    )


T = TypeVar("T")


def within_budget(settings: Settings, fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` within the CPU time one request may take; over it, a 422 that says what to do."""
    try:
        return bounded(settings.max_check_cpu_seconds, fn, *args)
    except CheckTooCostly:
        limit = settings.max_check_cpu_seconds
        raise HTTPException(
            status_code=422,
            detail=[
                {
                    "loc": ["body"],
                    "msg": f"checking this took more than the {limit:g} s of CPU time one request may take "
                    "(NCAUDIT_MAX_CHECK_CPU_SECONDS): split the report into smaller ones, or shorten its texts",
                    "type": "too_costly",
                }
            ],
        ) from None
