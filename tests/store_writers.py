"""A worker process of the store's concurrency test: it imports only the store (a spawned process starts fast)."""

from __future__ import annotations

from typing import Any

from engine.core.models import Report, ReportVerdict
from engine.store.db import open_engine
from engine.store.repository import Store


def decide_many(url: str, report_id: int, issue_ids: list[int], worker: int, n: int) -> None:
    """`n` dismissals by worker `worker`, each with its own reason, over the report's issues in turn."""
    store = Store(open_engine(url))
    who = store.principal_for("cb-one", "reviewer", f"worker-{worker}")
    for k in range(n):
        store.decide(who, report_id, issue_ids[k % len(issue_ids)], "dismiss", reason=f"w{worker} #{k}")
    store.close()


def keep_many(url: str, report: dict[str, Any], verdict: dict[str, Any], worker: int, n: int) -> None:
    """`n` reports kept by worker `worker` (ids `W{worker}-{k}`), as the service's workers keep checks."""
    store = Store(open_engine(url))
    who = store.principal_for("cb-one", "reviewer", f"worker-{worker}")
    checked = ReportVerdict.model_validate(verdict)
    for k in range(n):
        store.add_report(who, Report.model_validate({**report, "id": f"W{worker}-{k}"}), checked)
    store.close()
