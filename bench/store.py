"""The review desk's store: trends over 10,000 stored reports against a plain count of the same rows, and keeping
a report against checking it, each figure beside its floor measured in the same run.

    python bench/store.py                 # SQLite, and PostgreSQL when a server can be started (tests/pgserver.py)
    python bench/store.py --reports 2000  # smaller
    python bench/store.py --no-sqlite     # PostgreSQL only (--no-postgres: SQLite only)

The reports are generated: 40 reports of 1 to 10 findings (bench/run.py's wordings) are checked by the engine,
and their verdicts are spread over 10,000 stored reports of 200 clients, 25 auditors, 6 standards and 24 months
(written in bulk, as `Store.add_report` writes them, so that the set-up is quick). Times are this process's CPU
time on SQLite (which runs inside it: steady on a busy machine) and wall time on PostgreSQL. Targets (issue 30):
each trend query at most 5x a plain count (`SELECT count(*)`) of the same rows it reads; keeping a report (its
history looked up, then written) at most 20% of checking it. Nothing asserts a time; the table says whether
each target is met; on PostgreSQL it counts the round trips of one kept check (history and insert). Writes
bench/results/store.json.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text  # noqa: E402

from bench.run import make_report  # noqa: E402
from engine.check.engine import Engine  # noqa: E402
from engine.core.models import Report, ReportVerdict  # noqa: E402
from engine.core.vocabulary import ACTIONABLE, GRADE_ORDER  # noqa: E402
from engine.store.repository import Principal, Store, first_of_kind  # noqa: E402
from engine.store.schema import StoredFinding, StoredIssue, StoredReport, utcnow  # noqa: E402
from engine.store.trends import DIMENSIONS, trends  # noqa: E402

STANDARDS = [
    "ISO 9001:2015",
    "ISO 14001:2015",
    "ISO 45001:2018",
    "ISO/IEC 27001:2022",
    "ISO 13485:2016",
    "ISO 22000:2018",
]


CLOCK = time.process_time  # SQLite works inside this process: its CPU time, steady on a busy machine


def best(fn: Callable[[], Any], repeats: int) -> float:
    """Median of `repeats` timings, in ms (after one warm-up call), on CLOCK."""
    fn()
    times = []
    for _ in range(repeats):
        start = CLOCK()
        fn()
        times.append((CLOCK() - start) * 1000)
    return statistics.median(times)


def generate(store: Store, who: Principal, verdicts: list[tuple[Report, ReportVerdict]], n: int, seed: int = 7) -> None:
    """`n` stored reports of the given verdicts, in batches of 500, rows as `Store.add_report` writes them."""
    rnd = random.Random(seed)
    with store.sessions() as s:
        next_report = (s.scalar(select(func.max(StoredReport.id))) or 0) + 1
        next_finding = (s.scalar(select(func.max(StoredFinding.id))) or 0) + 1
    now = utcnow()
    for start in range(0, n, 500):
        reports: list[dict[str, Any]] = []
        findings: list[dict[str, Any]] = []
        issues: list[dict[str, Any]] = []
        for k in range(start, min(n, start + 500)):
            report, verdict = verdicts[k % len(verdicts)]
            client, auditor = f"Client {rnd.randrange(200)}", f"Auditor {rnd.randrange(25)}"
            standard = rnd.choice(STANDARDS)
            period = f"{2025 + rnd.randrange(2)}-{1 + rnd.randrange(12):02d}"
            issued = rnd.random() < 0.6
            rid = next_report
            next_report += 1
            reports.append(
                {
                    "id": rid,
                    "organisation_id": who.organisation_id,
                    "report_ref": f"G-{rid}",
                    "client": client,
                    "certificate_number": f"C-{client[7:]}",
                    "standard": standard,
                    "auditor": auditor,
                    "audit_type": "surveillance",
                    "audit_date": None,
                    "period": period,
                    "state": "issued" if issued else "checked",
                    "report": report.model_dump(mode="json", exclude_none=True),
                    "sources": None,
                    "verdict": verdict.model_dump(mode="json"),
                    "engine_version": verdict.engine.version,
                    "ruleset": verdict.engine.ruleset,
                    "standards": [],
                    "requested_by": "bench",
                    "findings_count": len(verdict.findings),
                    "created_at": now,
                    "reviewed_at": now if issued else None,
                    "issued_at": now if issued else None,
                }
            )
            clauses = [fv.requirement.clause or fv.citation.clause for fv in verdict.findings]
            first_clause = first_of_kind(clauses)
            for pos, fv in enumerate(verdict.findings):
                fid = next_finding
                next_finding += 1
                findings.append(
                    {
                        "id": fid,
                        "report_id": rid,
                        "organisation_id": who.organisation_id,
                        "position": pos,
                        "finding_ref": fv.id,
                        "client": client,
                        "auditor": auditor,
                        "standard": standard,
                        "clause": fv.requirement.clause or fv.citation.clause,
                        "period": period,
                        "raised_grade": fv.raised_grade,
                        "proposed_grade": fv.proposed_grade,
                        "grade_drift": GRADE_ORDER[fv.proposed_grade] - GRADE_ORDER[fv.raised_grade or "ungraded"],
                        "verdict": fv.verdict,
                        "flagged": int(any(i.severity in ACTIONABLE for i in fv.issues)),
                        "first_in_clause": int(first_clause[pos]),
                    }
                )
                for issue, first in zip(fv.issues, first_of_kind(i.category for i in fv.issues), strict=True):
                    decision = rnd.choice([None, None, "accept", "dismiss", "edit"])
                    issues.append(
                        {
                            "finding_id": fid,
                            "report_id": rid,
                            "organisation_id": who.organisation_id,
                            "rule": issue.rule,
                            "category": issue.category,
                            "severity": issue.severity,
                            "period": period,
                            "decision": decision,
                            "client": client,
                            "auditor": auditor,
                            "standard": standard,
                            "clause": clauses[pos],
                            "first_in_category": int(first),
                        }
                    )
        with store.sessions.begin() as s:
            s.execute(insert(StoredReport), reports)
            s.execute(insert(StoredFinding), findings)
            s.execute(insert(StoredIssue), issues)
    if store.engine.dialect.name == "postgresql":  # ids given above: move the sequences past them
        with store.sessions.begin() as s:
            for table in ("reports", "findings", "issues"):
                s.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )


def round_trips(store: Store, fn: Callable[[], Any]) -> int | None:
    """How many times `fn` waits for the PostgreSQL server's answer (pg8000's `handle_messages`: one call per
    round trip); None on SQLite."""
    if store.engine.dialect.name != "postgresql":
        return None
    from pg8000.core import CoreConnection

    original = CoreConnection.handle_messages
    calls = 0

    def counted(self: Any, context: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(self, context)

    CoreConnection.handle_messages = counted  # type: ignore[method-assign]
    try:
        fn()
    finally:
        CoreConnection.handle_messages = original  # type: ignore[method-assign]
    return calls


def measure(store: Store, engine: Engine, n_reports: int, repeats: int) -> dict[str, Any]:
    samples = [Report.model_validate(make_report(1 + k % 10, 1000 + k)) for k in range(40)]
    verdicts = [(r, engine.check(r)) for r in samples]
    who = store.principal_for("bench")
    started = time.perf_counter()
    generate(store, who, verdicts, n_reports)
    out: dict[str, Any] = {"reports": n_reports, "generate_s": round(time.perf_counter() - started, 1), "trends": {}}
    with store.sessions() as s:
        out["findings"] = s.scalar(select(func.count()).select_from(StoredFinding))
        out["issues"] = s.scalar(select(func.count()).select_from(StoredIssue))

    def count(table: Any) -> Callable[[], Any]:
        def run() -> Any:
            with store.sessions() as s:
                return s.scalar(
                    select(func.count()).select_from(table).where(table.organisation_id == who.organisation_id)
                )

        return run

    def issued() -> Any:
        with store.sessions() as s:
            where = [StoredReport.organisation_id == who.organisation_id]
            return s.scalar(select(func.count()).select_from(StoredReport).where(*where))

    # the floor of a trend: a plain count of the same rows it reads (its findings, their issues and, for time to
    # issue, the reports; a rule's trend reads the issues only)
    floors = {"findings": best(count(StoredFinding), repeats), "issues": best(count(StoredIssue), repeats)}
    floors["reports"] = best(issued, repeats)
    for by in DIMENSIONS:
        read = ["issues"] if by == "rule" else ["findings", "issues"] + (["reports"] if by != "clause" else [])
        floor = sum(floors[t] for t in read)
        ms = best(functools.partial(trends, store, who, by, log=False), repeats)
        out["trends"][by] = {"ms": round(ms, 2), "count_ms": round(floor, 2), "ratio": round(ms / floor, 2)}
    # keeping a report (its history looked up, then written) against checking it as a door does (the report's
    # data validated, then checked: a fresh Report each time, so nothing memoised on it is reused)
    data = {**make_report(10, 77), "client": "Client 3", "certificate_number": "C-3"}
    report = Report.model_validate(data)
    check_ms = best(lambda: engine.check(Report.model_validate(data)), repeats)
    verdict = engine.check(report)
    history_ms = best(lambda: store.history(who, report), repeats)  # with the latest report's open NCs
    add_ms = best(lambda: store.add_report(who, report, verdict), repeats)
    keep_ms = history_ms + add_ms
    trips = round_trips(store, lambda: (store.history(who, report), store.add_report(who, report, verdict)))
    out["keep"] = {
        "check_ms": round(check_ms, 2),
        "history_ms": round(history_ms, 2),
        "add_ms": round(add_ms, 2),
        "keep_ms": round(keep_ms, 2),
        "share": round(keep_ms / check_ms, 3),
        "add_share": round(add_ms / check_ms, 3),
        "round_trips": trips,
    }
    return out


def table(name: str, r: dict[str, Any]) -> list[str]:
    lines = [
        f"{name}: {r['reports']} reports, {r['findings']} findings, {r['issues']} issues (made in {r['generate_s']} s)"
    ]
    for by, t in r["trends"].items():
        ok = "met" if t["ratio"] <= 5 else "NOT met"
        lines.append(
            f"  trend by {by:9} {t['ms']:8.2f} ms  count {t['count_ms']:7.2f} ms  {t['ratio']:5.2f}x (<= 5x: {ok})"
        )
    k = r["keep"]
    ok = "met" if k["share"] <= 0.2 else "NOT met"
    lines.append(
        f"  keep a report {k['keep_ms']:.2f} ms (history {k['history_ms']:.2f}, add {k['add_ms']:.2f}), "
        f"check it {k['check_ms']:.2f} ms: {k['share']:.1%} (<= 20%: {ok}); adding alone {k['add_share']:.1%}"
        + (f"; {k['round_trips']} round trips to the server" if k.get("round_trips") is not None else "")
    )
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = ap.parse_args()
    engine = Engine()
    engine.warm()
    results: dict[str, Any] = {}
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            store = Store.open(data_dir=folder)
            results["sqlite"] = measure(store, engine, args.reports, args.repeats)
            store.close()
    if not args.no_postgres:
        from tests.pgserver import temporary_postgres

        try:
            global CLOCK
            CLOCK = time.perf_counter  # the server works in other processes: wall time
            with temporary_postgres() as server:
                store = Store.open(url=server.database())
                results["postgresql"] = measure(store, engine, args.reports, args.repeats)
                store.close()
        except RuntimeError as exc:
            results["postgresql"] = {"skipped": str(exc)}
    for name, r in results.items():
        print("\n".join(table(name, r)) if "skipped" not in r else f"{name}: skipped ({r['skipped']})")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "store.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
