"""ncaudit benchmark: what users meet, each figure beside its floor measured in the same run.

    python bench/run.py            # full run (tens of minutes on a busy machine: 200,000 findings, 2,000 files)
    python bench/run.py --quick    # a few minutes

First issue 28's "Done when" rows, each against its target: engine / physical floor on never-seen findings
(validating, tokenising, one scan of every lexicon pattern); `check` start-up / the pydantic floor (imports,
one model, one dict validated); `--version` / `python -c "import sys"`; 200,000 / 5,000 findings (peak memory
over a high-water mark reset after start-up; time), each in a fresh process; 2,000 files / 1 file (each
command's own peak); 4,000 / 0 previous findings (paired, repeated); cache miss / cache off. Then throughput
on the benchmark mix against the pydantic floor; durable-rules' share; first-seen in never-seen vocabulary,
in process and as a one-shot command; long statements; start-up beside its floors; the API at 1, 8 and 32
clients posting a new report every request, with the server's own time (its Server-Timing header) apart from
queueing. Prints a table and writes bench/results/latest.json. Figures are for the machine it runs on; nothing
here asserts a time. API load goes only to 127.0.0.1, bounded in request count and time.
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
# the `ncaudit` script imports `engine` through the editable install, which may be another checkout: every
# command timed here imports this checkout's
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

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


def bench_engine(reports: list[dict[str, Any]], rounds: int = 5) -> dict[str, float]:
    """The engine against the floor on the same reports. Each report is timed with the engine and then with
    the floor, one after the other, so a noisy spell on a shared machine touches both; the reports are split
    into `rounds` (never-seen reports each), and the median round is reported."""
    import users

    from engine.core.models import FindingVerdict, Report, ReportVerdict, Summary

    engine = users._engine()  # as the service starts it
    engine.check(Report.model_validate(make_report(50, 10_000)))  # warm-up: BM25 indexes, regex caches

    def floor(r: dict[str, Any]) -> None:
        # what validating and serialising the same report costs with the pydantic models alone
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

    per_round = max(1, len(reports) // rounds)
    ratios, engine_total, floor_total, n = [], 0.0, 0.0, 0
    for start in range(0, per_round * rounds, per_round):
        engine_s = floor_s = 0.0
        for r in reports[start : start + per_round]:
            t0 = time.perf_counter()
            engine.check(Report.model_validate(r)).model_dump_json()
            t1 = time.perf_counter()
            floor(r)
            t2 = time.perf_counter()
            engine_s += t1 - t0
            floor_s += t2 - t1
            n += len(r["findings"])
        ratios.append(engine_s / floor_s)
        engine_total += engine_s
        floor_total += floor_s
    return {
        "findings": n,
        "engine_findings_per_s": n / engine_total,
        "floor_findings_per_s": n / floor_total,
        "engine_to_floor_ratio": statistics.median(ratios),
        "round_ratios": sorted(ratios),
    }


def bench_physical(quick: bool) -> dict[str, Any]:
    """The engine on never-seen findings against the physical floor, the cheapest work a finding needs, in the
    same process: validating the finding, tokenising its text (uncached) and one scan of every lexicon
    pattern (the Hyperscan prefilter's database, compiled at start-up). Each report is timed with the engine
    and then with the floor; median over rounds of never-seen reports (users.novel_report)."""
    import users

    from engine.core.models import Finding, Report
    from engine.standards.relevance import _tokens

    engine = users._engine()  # as the service starts it: warmed, start-up objects frozen
    engine.check(Report.model_validate(make_report(50, 10_000)))  # warm-up on the benchmark mix
    matcher = engine.facts.matcher
    vocabulary = users._standards_vocabulary()
    rounds, per_round = (3, 4) if quick else (5, 10)
    ratios, engine_total, floor_total, n = [], 0.0, 0.0, 0
    for r in range(rounds):
        engine_s = floor_s = 0.0
        for k in range(per_round):
            data = users.novel_report(50, 900_000 + 100 * r + k, vocabulary)
            t0 = time.perf_counter()
            engine.check(Report.model_validate(data)).model_dump_json()
            t1 = time.perf_counter()
            for f in data["findings"]:
                finding = Finding.model_validate(f)
                text = finding.statement + "\n" + (finding.evidence_text() or "")
                _tokens(text)
                matcher.candidates(text)
            t2 = time.perf_counter()
            engine_s += t1 - t0
            floor_s += t2 - t1
            n += len(data["findings"])
        ratios.append(engine_s / floor_s)
        engine_total += engine_s
        floor_total += floor_s
    return {
        "findings": n,
        "engine_us": 1e6 * engine_total / n,
        "floor_us": 1e6 * floor_total / n,
        "ratio": statistics.median(ratios),
        "round_ratios": sorted(ratios),
        "prefilter": matcher._db is not None,
    }


def bench_startup(repeats: int) -> dict[str, float]:
    """`ncaudit check` start-up with the start-up cache hit, missed (a new empty cache each run) and off, against
    the interpreter importing pydantic and lxml. Runs are interleaved, so a noisy spell touches each alike."""
    import shutil
    import tempfile

    example = str(ROOT / "examples" / "cb-2026-0142.json")
    exe = str(Path(sys.executable).with_name("ncaudit"))
    check = [exe, "check", example, "--format", "json", "--fail-on", "never"]
    # as set-up leaves it: bytecode current (stale after an edit where PYTHONDONTWRITEBYTECODE is set) and the
    # start-up cache built (the first run builds it)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "engine", "api"], cwd=ROOT, capture_output=True)
    subprocess.run(check, cwd=ROOT, capture_output=True, check=True, env=ENV)
    time.sleep(1.0)  # the first run writes the cache after it ends (startup_cache.finish)
    subprocess.run(check, cwd=ROOT, capture_output=True, check=True, env=ENV)

    def once(cmd: list[str], env: dict[str, str] | None = None) -> float:
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True, env=env or ENV)
        return time.perf_counter() - t0

    times: dict[str, list[float]] = {
        k: []
        for k in ("hit", "miss", "off", "base", "models", "pydantic", "bare", "version", "help", "rules", "schemes")
    }
    # the start-up floor of a pydantic program (issue 28): the imports, one model defined, one dict validated
    pydantic_floor = (
        "import pydantic, lxml.etree\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\n"
        "M.model_validate({'x': 1})"
    )
    for _ in range(repeats):
        times["hit"].append(once(check))
        empty = tempfile.mkdtemp(prefix="ncaudit-bench-cache-")
        try:
            times["miss"].append(once(check, env={**ENV, "NCAUDIT_CACHE_DIR": empty}))
            _written(Path(empty))  # its detached writer done, so it takes no core from the runs timed next
        finally:
            shutil.rmtree(empty, ignore_errors=True)
        times["off"].append(once(check, env={**ENV, "NCAUDIT_CACHE": "off"}))
        times["base"].append(once([sys.executable, "-c", "import pydantic, lxml.etree"]))
        times["models"].append(once([sys.executable, "-c", "import lxml.etree, engine.core.models"]))
        times["pydantic"].append(once([sys.executable, "-c", pydantic_floor]))
        times["bare"].append(once([sys.executable, "-c", "import sys"]))
        times["version"].append(once([exe, "--version"]))
        times["help"].append(once([exe, "--help"]))
        times["rules"].append(once([exe, "rules"]))
        times["schemes"].append(once([exe, "schemes"]))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "check_startup_s": med["hit"],
        "check_startup_cache_miss_s": med["miss"],
        "check_startup_no_cache_s": med["off"],
        "python_pydantic_lxml_s": med["base"],
        "contract_models_only_s": med["models"],
        "pydantic_floor_s": med["pydantic"],
        "bare_python_s": med["bare"],
        "version_s": med["version"],
        "help_s": med["help"],
        "rules_s": med["rules"],
        "schemes_s": med["schemes"],
        "startup_ratio": med["hit"] / med["pydantic"],
        "startup_to_import_ratio": med["hit"] / med["base"],
        "version_ratio": med["version"] / med["bare"],
        "miss_to_off_ratio": med["miss"] / med["off"],
    }


def _written(cache: Path, wait_s: float = 60.0) -> None:
    """Wait until a one-shot run that missed the cache has written every entry (startup_cache.finish)."""
    import importlib.util

    kinds = {"lexicons", "regex", "rules", "schemes", "standards"} | (
        {"prefilter"} if importlib.util.find_spec("hyperscan") else set()
    )
    deadline = time.monotonic() + wait_s
    while {p.name.split("-")[0] for p in cache.glob("*.pickle")} < kinds and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.1)  # the writer's exit


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_ms(header: str) -> float | None:
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name == "app" and params.startswith("dur="):
            try:
                return float(params[4:])
            except ValueError:
                return None
    return None


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * q))]


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
        url = f"http://127.0.0.1:{port}/v1/reports/check"
        for w in range(4 * (workers or 1)):  # warm-up, unmeasured: reach every worker at least once
            body = json.dumps(make_report(50, 7 + w)).encode()
            req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=30).read()
        from engine.cli import default_workers

        out: dict[str, Any] = {"workers": workers or default_workers()}
        for c in clients:
            latencies: list[float] = []
            own_times: list[float] = []  # the server's own time (Server-Timing), per request
            errors = 0
            stop_at = time.time() + time_limit_s
            lock = threading.Lock()

            def client(
                who: int,
                stop_at: float = stop_at,
                latencies: list[float] = latencies,
                own_times: list[float] = own_times,
                lock: threading.Lock = lock,
                c: int = c,
            ) -> int:
                bad = 0
                for j in range(requests_per_client):
                    if time.time() > stop_at:
                        break
                    # every request a report of its own (no cache hits a report seen before), each client its own
                    body = json.dumps(make_report(50, 1_000_000 * (c + 1) + 1_000 * who + j)).encode()
                    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
                    t0 = time.perf_counter()
                    try:
                        with urllib.request.urlopen(req, timeout=30) as resp:
                            resp.read()
                            timing = resp.headers.get("Server-Timing", "")
                    except OSError:
                        bad += 1
                        continue
                    took = time.perf_counter() - t0
                    own = _server_ms(timing)
                    with lock:
                        latencies.append(took)
                        if own is not None:
                            own_times.append(own / 1000)
                return bad

            with ThreadPoolExecutor(max_workers=c) as pool:
                errors = sum(pool.map(client, range(c)))
            out[f"clients_{c}"] = {
                "requests": len(latencies),
                "errors": errors,
                "p50_ms": _pct(latencies, 0.5),
                "p99_ms": _pct(latencies, 0.99),
                "server_p50_ms": _pct(own_times, 0.5),
                "server_p99_ms": _pct(own_times, 0.99),
                # what a request spends waiting (for the worker, in the accept queue) and in transfer
                "queue_p50_ms": _pct([a - b for a, b in zip(latencies, own_times, strict=False)], 0.5),
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
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import users

    reports = [make_report(50, seed) for seed in range(20 if quick else 100)]
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "quick": quick,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)

    def part(name: str, value: Any) -> None:  # each part kept as soon as it is measured
        results[name] = value
        (out / "partial.json").write_text(json.dumps(results, indent=2))

    part("engine", bench_engine(reports, 3 if quick else 5))
    part("physical", bench_physical(quick))
    eng = users._engine()
    users._time_reports(eng, [users.worded_report(20, 1)])
    part("durable", users.bench_durable_share(eng, quick, reports))
    part("long", users.bench_long(eng, quick))
    part("previous", users.bench_previous(eng, quick))
    del eng
    part("first_seen", users.bench_first_seen(quick))
    part("first_seen_command", users.bench_first_seen_command(quick, results["first_seen"]["warm_us"]))
    part("sizes", users.bench_report_sizes(quick))
    part("files", users.bench_files(quick))
    part("startup", bench_startup(5 if quick else 15))
    if not args.no_api:
        part("api", bench_api([1, 8, 32], 6 if quick else 40, 10 if quick else 60, args.workers))
    results["peak_rss_mb"] = peak_rss_mb()

    print("Done when (issue 28)")
    for name, value, floor in done_when(results):
        print(f"  {name}\n      {value:<70}  {floor}")
    print()
    for name, value, floor in table(results):
        print(f"{name:<58}  {value:<44}  {floor}")
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    (out / "partial.json").unlink(missing_ok=True)
    print(f"\nwritten: {out / 'latest.json'}")
    return 0


def done_when(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Issue 28's "Done when" rows: (measure, figure, ratio against its target)."""
    s, ph, sz, pv, fl = (results[k] for k in ("startup", "physical", "sizes", "previous", "files"))
    big, small = sz["largest"], sz["next"]

    def ratio(value: float, target: float) -> str:
        return f"{value:.2f}x (target <= {target}x: {'met' if value <= target else 'NOT met'})"

    return [
        (
            "engine / physical floor, never-seen findings [item 1: current engine, not the judgment's final figure]",
            f"{ph['engine_us']:.0f} us against {ph['floor_us']:.0f} us a finding",
            ratio(ph["ratio"], 10),
        ),
        (
            "`check` start-up / pydantic floor (import, one model, one dict validated)",
            f"{s['check_startup_s']:.3f} s against {s['pydantic_floor_s']:.3f} s",
            ratio(s["startup_ratio"], 1.5),
        ),
        (
            "`--version` / bare floor (python -c 'import sys')",
            f"{s['version_s']:.3f} s against {s['bare_python_s']:.3f} s",
            ratio(s["version_ratio"], 2),
        ),
        (
            f"{int(big):,} / {int(small):,} findings: peak memory per finding",
            f"{sz[big]['kb_per_finding']:.2f} KB ({sz[big]['peak_mb']:.0f} MB) against "
            f"{sz[small]['kb_per_finding']:.2f} KB ({sz[small]['peak_mb']:.0f} MB)",
            ratio(sz["memory_ratio"], 0.25),
        ),
        (
            f"{int(big):,} / {int(small):,} findings: time per finding",
            f"{sz[big]['us_per_finding']:.0f} us against {sz[small]['us_per_finding']:.0f} us",
            ratio(sz["time_ratio"], 1.2),
        ),
        (
            f"{fl['files']:,} files / 1 file ({fl['findings_per_file']} findings each): peak memory",
            f"{fl['peak_mb_many']:.0f} MB against {fl['peak_mb_one']:.0f} MB",
            ratio(fl["ratio"], 1.5),
        ),
        (
            f"{pv['previous']:,} / 0 previous findings: time per finding ({pv['findings']:,} findings)",
            f"{pv['us_with']:.0f} us against {pv['us_without']:.0f} us",
            ratio(pv["ratio"], 1.2),
        ),
        (
            "start-up, cache miss / cache off",
            f"{s['check_startup_cache_miss_s']:.3f} s against {s['check_startup_no_cache_s']:.3f} s",
            ratio(s["miss_to_off_ratio"], 1.05),
        ),
    ]


def table(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(measure, figure, ratio to its floor) rows; the floor of each is measured in the same run."""
    e, s, d = results["engine"], results["startup"], results["durable"]
    lg, sz, fs, pv = results["long"], results["sizes"], results["first_seen"], results["previous"]
    fc = results["first_seen_command"]
    big, small = sz["largest"], sz["next"]
    rows = [
        ("measure", "figure", "ratio to its floor"),
        (
            "engine throughput, benchmark mix (findings/s)",
            f"{e['engine_findings_per_s']:,.0f} (pydantic floor {e['floor_findings_per_s']:,.0f})",
            f"{e['engine_to_floor_ratio']:.1f}x the floor's time (median of {len(e['round_ratios'])} rounds)",
        ),
        (
            "durable-rules, per finding",
            f"{d['durable_us_per_finding']:.1f} of {d['us_per_finding']:.0f} us",
            f"{100 * d['share']:.1f}% of the finding's time",
        ),
        (
            "first-seen wording, per finding (fresh processes)",
            f"{fs['first_us']:.0f} us, warm {fs['warm_us']:.0f} us",
            f"{fs['ratio']:.2f}x warm",
        ),
        (
            "first-seen, one-shot `ncaudit check` (never-seen 50 against 1 finding)",
            f"{fc['command_us']:.0f} us a finding, warm in process {fc['warm_us']:.0f} us",
            f"{fc['ratio']:.2f}x warm",
        ),
        (
            "long statement, per character",
            " / ".join(f"{lg[k]['us_per_char']:.2f}" for k in ("2000", "20000", "100000")) + " us at 2k / 20k / 100k",
            f"{lg['ratio_100k_to_2k']:.2f}x (100k against 2k)",
        ),
        (
            "report size, per finding (fresh process each)",
            " / ".join(f"{sz[k]['us_per_finding']:.0f}" for k in sz if k.isdigit())
            + " us at "
            + " / ".join(f"{int(k):,}" for k in sz if k.isdigit()),
            f"{sz['time_ratio']:.2f}x ({int(big):,} against {int(small):,})",
        ),
        (
            "report size, peak memory per finding",
            f"{sz[big]['kb_per_finding']:.1f} KB at {int(big):,}, "
            f"{sz[small]['kb_per_finding']:.1f} KB at {int(small):,}",
            f"{sz['memory_ratio']:.2f}x",
        ),
        (
            "report size, JSON written per finding",
            f"{sz[big]['output_bytes_per_finding']:,.0f} B at {int(big):,}, "
            f"{sz[small]['output_bytes_per_finding']:,.0f} B at {int(small):,}",
            "",
        ),
        (
            f"previous findings: {pv['findings']:,} findings, {pv['previous']:,} previous",
            f"{pv['us_with']:.0f} us per finding, {pv['us_without']:.0f} without (paired, median)",
            f"{pv['ratio']:.2f}x without",
        ),
        (
            "`ncaudit check` start-up, cache hit",
            f"{s['check_startup_s']:.3f} s (import pydantic, lxml.etree: {s['python_pydantic_lxml_s']:.3f} s)",
            f"{s['startup_to_import_ratio']:.2f}x the import",
        ),
        (
            "  cache missed / cache off",
            f"{s['check_startup_cache_miss_s']:.3f} s / {s['check_startup_no_cache_s']:.3f} s",
            f"miss {s['miss_to_off_ratio']:.2f}x off",
        ),
        (
            "  importing the contract models alone",
            f"{s['contract_models_only_s']:.3f} s",
            f"{s['contract_models_only_s'] / s['python_pydantic_lxml_s']:.2f}x the import",
        ),
        (
            "  pydantic floor: the import, one model defined, one dict validated",
            f"{s['pydantic_floor_s']:.3f} s",
            f"{s['pydantic_floor_s'] / s['python_pydantic_lxml_s']:.2f}x the import",
        ),
        (
            "  `--version` / `--help` / `rules` / `schemes`",
            f"{s['version_s']:.3f} / {s['help_s']:.3f} / {s['rules_s']:.3f} / {s['schemes_s']:.3f} s",
            f"{s['help_s'] / s['bare_python_s']:.2f}x / {s['rules_s'] / s['pydantic_floor_s']:.2f}x "
            "(--help / bare, rules / pydantic floor)",
        ),
    ]
    api = dict(results.get("api", {}))
    workers = api.pop("workers", None)
    for key, v in api.items():
        if v["p50_ms"] is None:
            continue
        server = f"server {v['server_p50_ms']:.0f} / {v['server_p99_ms']:.0f}" if v["server_p50_ms"] else "server ?"
        rows.append(
            (
                f"API, a new 50-finding report a request, {key.replace('_', ' ')}, {workers} worker(s): p50 / p99 ms",
                f"{v['p50_ms']:.0f} / {v['p99_ms']:.0f} ({server}; {v['requests']} req, {v['errors']} err)",
                f"queueing p50 {v['queue_p50_ms']:.0f} ms" if v["queue_p50_ms"] is not None else "",
            )
        )
    rows.append(("peak memory, benchmark process (MB)", f"{results['peak_rss_mb']:.0f}", ""))
    return rows


if __name__ == "__main__":
    sys.exit(main())
