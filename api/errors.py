"""Error answers in one shape: FastAPI's `{"detail": [{"loc", "msg", "type"}]}` for bad input, never a 500 for it."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.core.errors import error_message

log = logging.getLogger("ncaudit.api")


def _clean(err: dict[str, Any]) -> dict[str, Any]:
    """FastAPI's error, worded as the command line words it (engine/core/errors.py)."""
    return {
        "loc": list(err.get("loc", ())),
        "msg": error_message(err, named=True),
        "type": str(err.get("type", "value_error")),
    }


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": [_clean(e) for e in exc.errors()[:50]]})


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400 and str(exc.detail).startswith("There was an error parsing the body"):
        detail = [
            {
                "loc": ["body"],
                "msg": "the body could not be read as JSON (not UTF-8, or nested too deeply)",
                "type": "json_invalid",
            }
        ]
        return JSONResponse(status_code=422, content={"detail": detail})
    return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail}, headers=exc.headers)


async def server_error(request: Request, exc: Exception) -> JSONResponse:
    rid = request.scope.get("state", {}).get("request_id", "")
    log.exception("unhandled error (request %s)", rid)
    return JSONResponse(status_code=500, content={"detail": f"internal error; quote request id {rid}"})


class Message(BaseModel):
    detail: str | list[dict[str, Any]]


def _answer(description: str) -> dict[str, Any]:
    return {"description": description, "model": Message}


# every answer a /v1 route can give besides its own 200 and FastAPI's 422, documented in the OpenAPI
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _answer("The `Host` header names a host this service does not answer to (NCAUDIT_ALLOWED_HOSTS)"),
    401: _answer("API keys are configured and the request has none, or a wrong one"),
    403: _answer("A post from another web site's page, without an API key (NCAUDIT_CORS_ORIGINS)"),
    404: _answer("No such standard, clause or rule"),
    408: _answer("The request body did not arrive in time (NCAUDIT_BODY_TIMEOUT_SECONDS)"),
    413: _answer("The request body, or a file in it, is over a size limit named in the message"),
    503: _answer("The service has too many open connections; try again shortly"),
}


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, server_error)
