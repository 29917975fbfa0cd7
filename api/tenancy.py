"""Who asks, for the review desk: an API key belongs to an organisation and has a role.

Keys come from two places: NCAUDIT_API_KEYS (each an admin of NCAUDIT_ORGANISATION, as before the store) and the
store's own keys (`POST /v1/desk/keys`, `ncaudit desk add-key`), each of one organisation with one role. With no
key anywhere, the service is a single user's: every request is the admin of NCAUDIT_ORGANISATION. A key sees only
its organisation's reports; another's answer 404, as if absent."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.exc import SQLAlchemyError

from api.deps import SettingsDep, within_budget
from api.errors import log
from engine.check.engine import Engine
from engine.core.models import Report, ReportVerdict
from engine.core.settings import Settings
from engine.store.repository import Principal, Store, check_and_keep

LOCAL = "local"  # the actor of requests to a service with no key anywhere

# what each role may do (the README's table)
READ = frozenset({"auditor", "reviewer", "manager", "admin"})
DECIDE = frozenset({"reviewer", "manager", "admin"})
MANAGE = frozenset({"manager", "admin"})
ADMIN = frozenset({"admin"})


def given_key(request: Request) -> str:
    """`X-API-Key: KEY` or `Authorization: Bearer KEY`, else ''."""
    given = request.headers.get("x-api-key", "")
    auth = request.headers.get("authorization", "")
    if not given and auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    return given


def store_of(request: Request) -> Store | None:
    store: Store | None = getattr(request.app.state, "store", None)
    return store


def unauthorised() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="missing or invalid API key: send `X-API-Key: KEY` or `Authorization: Bearer KEY`",
        headers={"WWW-Authenticate": "Bearer"},
    )


def principal(request: Request, settings: Settings, store: Store) -> Principal:
    """The organisation and role of the request's key (401 when a key is needed and missing or wrong)."""
    key = given_key(request)
    settings_keys = settings.keys()
    if key:
        if any(hmac.compare_digest(key.encode(), k.encode()) for k in settings_keys):
            return store.principal_for(settings.organisation, "admin", f"key:{key[:4]}…")
        found = store.find_key(key)
        if found is not None:
            return found
    if settings_keys or store.has_keys():
        raise unauthorised()
    # no key anywhere: one user's service, whatever key header is sent (as before the store)
    return store.principal_for(settings.organisation, "admin", LOCAL)


async def get_store(request: Request) -> Store:
    store = store_of(request)
    if store is None:  # the desk's router is mounted only with a store; kept as a guard
        raise HTTPException(status_code=404, detail="the store is off (NCAUDIT_STORE=false)")
    return store


StoreDep = Annotated[Store, Depends(get_store)]


async def get_principal(request: Request, settings: SettingsDep, store: StoreDep) -> Principal:
    return principal(request, settings, store)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(who: Principal, roles: frozenset[str], doing: str) -> None:
    """403 naming the roles that may do it."""
    if who.role not in roles:
        raise HTTPException(
            status_code=status.HTTP_403_FORBIDDEN,
            detail=f"your key's role ({who.role}) may not {doing}; roles that may: {', '.join(sorted(roles))}",
        )


def check_and_keep_request(
    request: Request, settings: Settings, engine: Engine, report: Report
) -> tuple[ReportVerdict, int | None]:
    """`POST /v1/reports/check` with the store: the report checked with its client's history and kept (a key
    that may not decide, an auditor's, only checks). A store that fails does not lose the answer: the verdict
    is given, the failure logged."""
    store = store_of(request)
    if store is None:
        return within_budget(settings, engine.check, report), None
    try:
        who = principal(request, settings, store)
        if who.role not in DECIDE:
            return within_budget(settings, engine.check, report), None
        return check_and_keep(store, who, report, lambda r: within_budget(settings, engine.check, r))
    except SQLAlchemyError:
        log.exception("the store could not keep report %s", report.id)
        return within_budget(settings, engine.check, report), None
