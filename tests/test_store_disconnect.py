"""The store on PostgreSQL without the pool's pre-ping: a pooled connection the server ended is replaced, and
the next request succeeds (at checkout, by a poll of the idle socket; in use, by running the operation once
more). Each test ends the store's connections from the server's side (`pg_terminate_backend`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from engine.check.engine import Engine
from engine.core.models import Report
from engine.store import db
from engine.store.repository import Store, check_and_keep
from engine.store.trends import trends

REPORT: dict[str, Any] = {
    "id": "D-1",
    "standard": "ISO 9001:2015",
    "client": "Harbour Pumps Ltd",
    "certificate_number": "Q-300",
    "audit": {"type": "surveillance", "date": "2026-02-10", "lead_auditor": "Ravi Auditor"},
    "findings": [
        {
            "id": "NC-1",
            "grade": "minor",
            "clause": "7.5.3",
            "statement": "Two superseded drawings were in use at the assembly bench.",
            "evidence": "Drawings D-14 rev B and D-15 rev C at bench 2; the register lists rev D and rev E.",
        }
    ],
}


@pytest.fixture
def store(postgres: Any) -> Iterator[Store]:
    s = Store.open(url=postgres.database())
    yield s
    s.close()


def _backend_pid(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _end_store_sessions(store: Store) -> int:
    """End every session of the store's database but the caller's own (a connection outside the store's pool),
    waiting up to 5 s for each to be gone; how many were ended."""
    outside = create_engine(store.engine.url, poolclass=NullPool)
    try:
        with outside.connect() as conn:
            ended = conn.execute(
                text(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
    finally:
        outside.dispose()
    return int(ended)


def test_the_next_request_after_the_server_ended_the_pooled_connection_succeeds(store: Store, engine: Engine) -> None:
    who = store.principal_for("cb-one")
    report = Report.model_validate(REPORT)
    _, first = check_and_keep(store, who, report, engine.check)
    before = _backend_pid(store)
    assert _end_store_sessions(store) >= 1
    later = Report.model_validate({**REPORT, "id": "D-2", "audit": {**REPORT["audit"], "date": "2027-02-10"}})
    verdict, second = check_and_keep(store, who, later, engine.check)  # history read and insert, new connection
    assert second > first
    assert any(p.id == "D-1/NC-1" for p in store.previous_findings(who, later)[0])
    assert store.count_reports(who) == 2
    assert trends(store, who, "auditor", log=False)[0]["findings"] == 2
    assert _backend_pid(store) != before  # the ended connection was not reused


def test_a_connection_found_dead_in_use_is_opened_again_and_the_operation_run_once_more(
    store: Store, engine: Engine
) -> None:
    """Without the checkout poll (a connection the network dropped without a word looks idle), the first
    statement on the dead connection fails, and the operation runs once more on a new one: kept once."""
    event.remove(store.engine, "checkout", db._closed_by_server)
    who = store.principal_for("cb-one")
    report = Report.model_validate(REPORT)
    verdict = engine.check(report)
    store.add_report(who, report, verdict)
    assert _end_store_sessions(store) >= 1
    store.add_report(who, report.model_copy(update={"id": "D-2"}), verdict)  # the prepared-statement path
    assert store.count_reports(who) == 2  # kept once, not twice
    assert _end_store_sessions(store) >= 1
    assert store.count_reports(who) == 2  # a SQLAlchemy session's path
    assert _end_store_sessions(store) >= 1
    later = Report.model_validate({**REPORT, "id": "D-3", "audit": {**REPORT["audit"], "date": "2027-02-10"}})
    assert len(store.history(who, later).sources) == 2  # the history's statement, prepared again
    # the same dead connection without the second run fails: the run once more is what recovered
    assert _end_store_sessions(store) >= 1
    with pytest.raises(DBAPIError) as failed:
        type(store).add_report.__wrapped__(store, who, report.model_copy(update={"id": "D-4"}), verdict)  # type: ignore[attr-defined]
    assert failed.value.connection_invalidated
    assert store.count_reports(who) == 2
