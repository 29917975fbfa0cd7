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
    from engine import durable_adapter
    from engine.durable_adapter import live_sessions
    from engine.engine import Engine
    from engine.models import Report

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
