"""Assembles the app: settings, engine, middleware, error handlers and routers. Nothing else lives here."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api import errors
from api.deps import require_api_key
from api.middleware import BodyLimitMiddleware, RequestIdMiddleware, SameOriginMiddleware, SecurityHeadersMiddleware
from api.routers import desk, findings, health, imports, reports, rules, standards, ui
from api.server import install_log_filter
from engine import __version__
from engine.check.engine import Engine
from engine.core.settings import Settings
from engine.outputs.report_html import html_page
from engine.rulebook.config import load_config


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = Engine(config=load_config(settings.rules_config), standards_dirs=settings.standards_dirs())
    engine.warm()
    for warning in engine.library.warnings:  # a standards file that could not be used: said, never silent
        errors.log.warning("standards file skipped: %s", warning)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = engine
        app.state.settings = settings
        install_log_filter()  # here, in each worker, after uvicorn configured logging
        # a crash in native code (durable-rules, lxml, Hyperscan) leaves the threads' Python stacks in the log,
        # instead of a worker the supervisor only reports as "died" (issue 29)
        with contextlib.suppress(AttributeError, ValueError, OSError):  # a stderr without a file (a test's)
            faulthandler.enable()
        # what start-up loaded lives as long as the process: leave it out of every later garbage collection
        # (a full collection over it took 17 ms, a pause every request queued behind it would wait out)
        gc.freeze()
        yield

    # /docs and /redoc from the Swagger UI and ReDoc files fastapi-offline ships: they work without internet
    app = FastAPIOffline(
        favicon_url="/static/favicon.svg",
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from the validator's web site
        title="ncaudit",
        version=__version__,
        description="Checks audit findings against ISO/IEC 17021-1:2015 clause 9.4.5.",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.settings = settings
    errors.install(app)
    guarded = [Depends(require_api_key)]
    for router in (reports.router, imports.router, findings.router, standards.router, rules.router):
        app.include_router(router, dependencies=guarded, responses=errors.RESPONSES)
    if settings.store:  # the review desk (issue 30): every check kept, each key sees its organisation's only
        from engine.store.repository import open_store  # SQLAlchemy loaded only with the store on

        app.state.store = open_store(settings)
        app.include_router(desk.router, responses={**errors.RESPONSES, **desk.RESPONSES})
    app.include_router(health.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=ui.STATIC), name="static")
    if settings.origins():
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.origins(), allow_methods=["GET", "POST"], allow_headers=["*"]
        )
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes, timeout=settings.body_timeout_seconds)
    app.add_middleware(SameOriginMiddleware, hosts=settings.hosts(), origins=settings.origins())
    app.add_middleware(RequestIdMiddleware)
    # outermost: every answer gets the headers, the middleware's own 400/403/408/413 included; the review the
    # page shows in a frame (srcdoc) inherits the page's policy, so the page allows the review's inline style
    review_styles = SecurityHeadersMiddleware.hashes_of(html_page([], []).encode())[1]
    app.add_middleware(SecurityHeadersMiddleware, frame_styles=tuple(review_styles))
    store = getattr(app.state, "store", None)
    if not settings.loopback() and not settings.keys() and not (store is not None and store.has_keys()):
        errors.log.warning(
            "serving on %s without API keys (--insecure-no-auth): anyone who can reach this address can use the "
            "service; set NCAUDIT_API_KEYS",
            settings.host,
        )
    return app
