"""ncaudit benchmark: engine throughput against the pydantic floor, start-up, API latency, peak memory.

    python bench/run.py            # full run (a few minutes)
    python bench/run.py --quick    # under a minute

Prints a table and writes bench/results/latest.json. Figures are for the machine it runs on; nothing here
asserts a time. API load goes only to 127.0.0.1, bounded in request count and time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATEMENTS = [
    (
        "7.1.5.2 a)",
        "Measuring equipment used for product acceptance in {area} was not calibrated at the specified interval.",
        "Torque wrench TW-{n} in line 2 carried a calibration label due 2026-02-15; used on 2026-09-30 for job {n}.",
    ),
    (
        "7.5.3",
        "It is best practice to keep an electronic register in {area}; most companies do it that way.",
        "Paper register DR-{n} lists all 46 controlled documents with current revisions.",
    ),
    (
        "7.1.6",
        "There is no documented procedure for managing organizational knowledge of {area}.",
        "Knowledge is kept in the engineering wiki and lessons-learned log LL-{n}.",
    ),
    (
        "8.2.2",
        "Internal audits of {area} were not carried out at planned intervals.",
        "Audit programme 2026 planned six audits; only two (IA-{n}, IA-02) were performed.",
    ),
    (
        "8.7.1",
        "Nonconforming parts from {area} were delivered to the customer (lot L-{n}).",
        "Lot L-{n} failed the leak test and was shipped under DN-4410 without concession.",
    ),
    (
        "7.2 d)",
        "Evidence of competence was not retained for two welders in {area}. The company should buy training software.",
        "Personnel files for welders W-14 and W-{n} held no qualification certificates.",
    ),
    (
        None,
        "Calibration records for two gauges used in {area} were missing.",
        "Gauges G-{n} and G-19; no calibration record for 2026.",
    ),
    (
        "8",
        "Production records in {area} were incomplete.",
        "Batch records B-{n} and B-2240 missing the final inspection sign-off.",
    ),
    (
        "8.4.1",
        "Two suppliers of {area} were used without evaluation, because the buyer was new.",
        "PO-{n} and PO-7790 to suppliers not on approved supplier list ASL rev 9.",
    ),
    (
        "9.2.1",
        "No internal audits of {area} have been carried out since the initial certification.",
        "No audit programme, schedule or report exists for 2025 or 2026 (quality manager, interview {n}).",
    ),
]
GRADES = ["minor", "minor", "minor", "major", "ofi", None]
# every statement names a different place or process, as in a real report: no two findings share their text
AREAS = [
    "the paint shop",
    "goods-in inspection",
    "the Leeds warehouse",
    "final assembly",
    "the tool room",
    "dispatch",
    "the night shift",
    "machining cell {n}",
    "the clean room",
    "purchasing",
    "the test laboratory",
    "maintenance",
    "the design office",
    "customer service",
    "press line {n}",
    "the Bristol site",
]


def make_report(n_findings: int, seed: int) -> dict[str, Any]:
    rnd = random.Random(seed)
    findings = []
    for i in range(n_findings):
        clause, statement, evidence = rnd.choice(STATEMENTS)
        n = rnd.randint(10, 99999)
        area = rnd.choice(AREAS).format(n=n)
        findings.append(
            {
                "id": f"NC-{i + 1}",
                "grade": rnd.choice(GRADES),
                "clause": clause,
                "statement": statement.format(n=n, area=area),
                "evidence": evidence.format(n=n),
            }
        )
    return {
        "id": f"BENCH-{seed}",
        "standard": "ISO 9001:2015",
        "audit": {"type": "surveillance", "date": "2026-10-14"},
        "findings": findings,
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_engine(reports: list[dict[str, Any]]) -> dict[str, float]:
    from engine.engine import Engine
    from engine.models import Report

    engine = Engine()
    engine.warm()  # as the service does at start-up (a one-shot CLI run compiles lazily)
    engine.check(Report.model_validate(reports[0]))  # warm-up: BM25 indexes, regex caches
    n = sum(len(r["findings"]) for r in reports)

    t0 = time.perf_counter()
    for r in reports:
        engine.check(Report.model_validate(r)).model_dump_json()
    engine_s = time.perf_counter() - t0

    # the floor: what validating and serialising the same reports costs with the pydantic models alone
    from engine.models import FindingVerdict, ReportVerdict, Summary

    t0 = time.perf_counter()
    for r in reports:
        rep = Report.model_validate(r)
        ReportVerdict(
            report_id=rep.id,
            engine=engine.info,
            summary=Summary(findings=len(rep.findings), by_verdict={}, by_severity={}, certification_impact=""),
            findings=[
                FindingVerdict(
                    id=f.id or "",
                    verdict="sound",
                    raised_grade=f.grade,
                    proposed_grade="minor",
                    grade_reasons=[],
                    citation={"input": f.clause, "standard": None, "status": "missing"},
                    issues=[],
                )
                for f in rep.findings
            ],
        ).model_dump_json()
    floor_s = time.perf_counter() - t0
    return {
        "findings": n,
        "engine_findings_per_s": n / engine_s,
        "floor_findings_per_s": n / floor_s,
        "engine_to_floor_ratio": engine_s / floor_s,
    }


def bench_startup(repeats: int) -> dict[str, float]:
    def run(cmd: list[str], env: dict[str, str] | None = None) -> float:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True, env=env)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    example = str(ROOT / "examples" / "cb-2026-0142.json")
    exe = str(Path(sys.executable).with_name("ncaudit"))
    check = [exe, "check", example, "--format", "json", "--fail-on", "never"]
    # as set-up leaves it: bytecode current (stale after an edit where PYTHONDONTWRITEBYTECODE is set) and the
    # start-up cache built (the first run builds it)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "engine", "api"], cwd=ROOT, capture_output=True)
    subprocess.run(check, cwd=ROOT, capture_output=True, check=True)
    cli = run(check)
    cold = run(check, env={**os.environ, "NCAUDIT_CACHE": "off"})
    base = run([sys.executable, "-c", "import pydantic, lxml.etree"])
    models = run([sys.executable, "-c", "import lxml.etree, engine.models"])
    return {
        "check_startup_s": cli,
        "check_startup_no_cache_s": cold,
        "python_pydantic_lxml_s": base,
        "contract_models_only_s": models,
        "startup_ratio": cli / base,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_api(clients: list[int], requests_per_client: int, time_limit_s: float, workers: int | None) -> dict[str, Any]:
    port = _free_port()
    env = {**os.environ, "NCAUDIT_MAX_FINDINGS": "1000"}
    # the service as users start it (README: scripts/serve.sh runs `ncaudit serve`)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *(["--workers", str(workers)] if workers else []),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        body = json.dumps(make_report(50, 7)).encode()
        url = f"http://127.0.0.1:{port}/v1/reports/check"
        for _ in range(4 * (workers or 1)):  # warm-up, unmeasured: reach every worker at least once
            req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=30).read()
        from engine.cli import default_workers

        out: dict[str, Any] = {"workers": workers or default_workers()}
        for c in clients:
            latencies: list[float] = []
            errors = 0
            stop_at = time.time() + time_limit_s
            lock = threading.Lock()

            def client(
                _: int, stop_at: float = stop_at, latencies: list[float] = latencies, lock: threading.Lock = lock
            ) -> int:
                bad = 0
                for _ in range(requests_per_client):
                    if time.time() > stop_at:
                        break
                    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
                    t0 = time.perf_counter()
                    try:
                        urllib.request.urlopen(req, timeout=30).read()
                    except OSError:
                        bad += 1
                        continue
                    with lock:
                        latencies.append(time.perf_counter() - t0)
                return bad

            with ThreadPoolExecutor(max_workers=c) as pool:
                errors = sum(pool.map(client, range(c)))
            latencies.sort()
            out[f"clients_{c}"] = {
                "requests": len(latencies),
                "errors": errors,
                "p50_ms": 1000 * latencies[len(latencies) // 2] if latencies else None,
                "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else None,
            }
        return out
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a smaller run, under a minute")
    ap.add_argument("--no-api", action="store_true", help="skip the HTTP latency part")
    ap.add_argument("--workers", type=int, help="`ncaudit serve --workers N` (default: the service's default)")
    args = ap.parse_args()
    quick = args.quick
    reports = [make_report(50, seed) for seed in range(20 if quick else 100)]
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "quick": quick,
    }
    results["engine"] = bench_engine(reports)
    results["startup"] = bench_startup(5 if quick else 15)
    if not args.no_api:
        results["api"] = bench_api([1, 8, 32], 10 if quick else 40, 15 if quick else 60, args.workers)
    results["peak_rss_mb"] = peak_rss_mb()

    e, s = results["engine"], results["startup"]
    rows = [
        ("engine throughput (findings/s)", f"{e['engine_findings_per_s']:,.0f}"),
        ("pydantic floor (findings/s)", f"{e['floor_findings_per_s']:,.0f}"),
        ("engine time / floor time", f"{e['engine_to_floor_ratio']:.1f}x"),
        ("`ncaudit check` start-up (s)", f"{s['check_startup_s']:.3f}"),
        ("python -c 'import pydantic, lxml' (s)", f"{s['python_pydantic_lxml_s']:.3f}"),
        ("start-up ratio", f"{s['startup_ratio']:.2f}x"),
        ("  same, start-up cache off (s)", f"{s['check_startup_no_cache_s']:.3f}"),
        ("  importing the contract models alone (s)", f"{s['contract_models_only_s']:.3f}"),
    ]
    api = dict(results.get("api", {}))
    workers = api.pop("workers", None)
    for key, v in api.items():
        if v["p50_ms"] is not None:
            rows.append(
                (
                    f"API 50-finding report, {key.replace('_', ' ')}, {workers} worker(s): p50 / p99 (ms)",
                    f"{v['p50_ms']:.0f} / {v['p99_ms']:.0f}  ({v['requests']} req, {v['errors']} errors)",
                )
            )
    rows.append(("peak memory, benchmark process (MB)", f"{results['peak_rss_mb']:.0f}"))
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    print(f"\nwritten: {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
