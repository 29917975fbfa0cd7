"""Long run: 100,000 findings through one engine in a child process; memory stays flat, no session is left."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import json, random, resource, sys, uuid
    sys.path.insert(0, "bench")
    import run as bench
    from engine.rulebook import durable_adapter
    from engine.rulebook.durable_adapter import live_sessions
    from engine.check.engine import Engine
    from engine.core.models import Report

    sids = []
    real = uuid.uuid4
    def spy():
        u = real()
        sids.append(u.hex)
        return u
    durable_adapter.uuid.uuid4 = spy

    engine = Engine()
    rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    marks = {}
    for i in range(1000):                       # 1000 reports x 100 findings
        report = Report.model_validate(bench.make_report(100, seed=i))
        result = engine.check(report)
        assert len(result.findings) == 100
        if i + 1 in (200, 1000):
            marks[i + 1] = rss()
    print(json.dumps({"rss_mb": marks, "sessions": len(sids), "live": live_sessions(engine.runner, sids)}))
    """
)


def test_100k_findings_memory_flat_and_no_session_left() -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["sessions"] >= 1000 and out["live"] == 0
    growth = out["rss_mb"]["1000"] - out["rss_mb"]["200"]
    assert growth < 40, f"peak RSS grew {growth} MB between 20k and 100k findings: {out}"


DISTINCT = textwrap.dedent(
    """
    import json, random, resource
    from engine.check.engine import Engine
    from engine.core.models import Report

    words = ("calibration record supplier evaluation training competence audit procedure review internal "
             "measurement equipment verified interval label due nonconforming product released customer "
             "complaint corrective action management objectives risk opportunity document control").split()
    engine = Engine()
    rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    rng = random.Random(7)
    marks = {}
    for i in range(240):                        # a stream of distinct reports with long texts
        text = lambda: " ".join(rng.choice(words) + str(rng.randrange(10**6)) for _ in range(2500))
        findings = [{"id": f"F{j}", "clause": "7.1.5.2", "statement": "Not verified. " + text(), "evidence": text()}
                    for j in range(3)]
        engine.check(Report.model_validate({"standard": "ISO 9001:2015", "findings": findings}))
        if i + 1 in (80, 240):
            marks[i + 1] = rss()
    print(json.dumps(marks))
    """
)


def test_memory_levels_off_under_distinct_reports() -> None:
    # caches keyed by finding text were bounded by entry count (8192 texts of any length): a worker grew by
    # hundreds of MB under distinct reports. Bounded by characters now: growth between two checkpoints is small.
    proc = subprocess.run([sys.executable, "-c", DISTINCT], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    marks = json.loads(proc.stdout.strip().splitlines()[-1])
    growth = marks["240"] - marks["80"]
    assert growth < 25, f"peak RSS grew {growth} MB between report 80 and report 240: {marks}"
