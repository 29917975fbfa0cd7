"""What users meet, each figure as a ratio to its floor measured in the same run (bench/run.py prints them).

- first-seen: a fresh process per batch of findings in vocabulary it has never seen (`novel_report`: invented
  subject words, a standard other than the warm-up's, its clause titles), timed the first time and again once
  seen (warm); and as a one-shot `ncaudit check` (50 never-seen findings against 1, per finding);
- long statements: time per character at 2,000, 20,000 and 100,000 characters (the model's maximum);
- report size: time and peak memory per finding at 1, 50, 5,000 and 200,000 findings (quick: 500 and 5,000),
  each in a fresh process, checked as `ncaudit check` does; memory over a high-water mark reset after start-up;
- files: `ncaudit check` over 2,000 files of 20 findings against one, each command's own peak;
- previous findings: 4,000 previous findings against none, paired and repeated;
- durable-rules' share of the per-finding time.

Run one part alone with `python bench/users.py PART [--quick]` (PART: first_seen_all, long, sizes, files,
previous, durable); nothing here asserts a time.
"""

from __future__ import annotations

import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# fragments from which findings are worded: picked at random, so each batch brings phrase combinations
# (which lexicons fire, and with which phrases) that no earlier batch brought
SUBJECTS = [
    "Calibration records for gauge G-{n}",
    "The supplier evaluation of {area}",
    "Internal audit IA-{n} of {area}",
    "Training records of operator W-{n}",
    "The work instruction WI-{n} used in {area}",
    "Management review minutes for {area}",
    "Customer complaint CC-{n}",
    "The risk register entry R-{n}",
    "Corrective action CA-{n} for {area}",
    "Design review DR-{n}",
]
FAULTS = [
    "were not available",
    "was not retained",
    "had not been carried out at planned intervals",
    "was missing",
    "were incomplete",
    "did not include the acceptance criteria",
    "was not approved before release",
    "lacked a revision status",
    "has never been reviewed",
    "was overdue by three months",
    "was inadequate",
    "was not effective",
    "could not be demonstrated",
    "was not followed",
]
ADDITIONS = [
    "",
    "The company should buy a new software package.",
    "It is recommended that a procedure is written.",
    "In my opinion this is poor practice.",
    "Best practice is to keep an electronic register.",
    "We were told by the supervisor that this happens often.",
    "Several records appeared to be incomplete.",
    "This is a systemic breakdown of the whole system.",
    "Nonconforming parts were shipped to the customer.",
    "There is a risk of injury to operators.",
    "This was an isolated lapse.",
    "No documented procedure exists for this.",
    "The root cause was a lack of resources.",
    "Records are kept as required.",
    "Not all staff were aware of the quality policy.",
    "The requirements of ISO 9001 were not met.",
    "Most companies use a different approach.",
    "Some documents may be out of date.",
    "The auditee could not show any evidence of review.",
    "The client must correct this immediately.",
]
EVIDENCE = [
    "Record {code}-{n} dated 2026-0{m}-1{d} reviewed on site; no signature.",
    "Interview with the {role}; sample of {k} of {t} files checked.",
    "{code}-{n} rev {r} at {area}; current revision is {r2}.",
    "No record for {code}-{n}; register shows entries up to 2025-1{d}.",
    "",
]
AREAS = ["the paint shop", "goods-in", "the Leeds warehouse", "final assembly", "the tool room", "dispatch"]
ROLES = ["quality manager", "production supervisor", "buyer", "lab technician"]
CLAUSES = ["7.1.5.2", "7.5.3", "8.2.2", "9.2.1", "8.4.1", "7.2", "10.2.1", None, "8", "8.5.1"]


def worded_finding(rnd: random.Random, i: int) -> dict[str, Any]:
    n = rnd.randint(10, 99999)
    area = rnd.choice(AREAS)
    statement = f"{rnd.choice(SUBJECTS).format(n=n, area=area)} {rnd.choice(FAULTS)}."
    for extra in rnd.sample(ADDITIONS, rnd.randint(1, 3)):
        if extra:
            statement += " " + extra
    evidence = rnd.choice(EVIDENCE).format(
        code=rnd.choice(["QR", "TR", "IA", "PO", "CAL"]),
        n=n,
        m=rnd.randint(1, 9),
        d=rnd.randint(0, 9),
        role=rnd.choice(ROLES),
        k=rnd.randint(1, 9),
        t=rnd.randint(10, 40),
        r=rnd.choice("ABC"),
        r2=rnd.choice("DEF"),
        area=area,
    )
    return {
        "id": f"F-{i + 1}",
        "grade": rnd.choice(["minor", "minor", "major", "ofi", None]),
        "clause": rnd.choice(CLAUSES),
        "statement": statement,
        "evidence": evidence,
    }


def worded_report(n: int, seed: int, previous: int = 0) -> dict[str, Any]:
    rnd = random.Random(seed)
    findings = [worded_finding(rnd, i) for i in range(n)]
    prev = []
    for j in range(previous):
        f = worded_finding(rnd, j)
        prev.append(
            {
                "id": f"P-{j + 1}",
                "clause": f["clause"] or "8.2.2",
                "statement": f["statement"],
                "evidence": f["evidence"],
                "status": rnd.choice(["closed", "open"]),
                "due": f"2026-0{rnd.randint(1, 9)}-01",
            }
        )
    return {
        "id": f"USERS-{seed}",
        "standard": "ISO 9001:2015",
        "audit": {"type": "surveillance", "date": "2026-10-14"},
        "findings": findings,
        "previous_findings": prev,
    }


_SYLLABLES = ["zor", "van", "tic", "plu", "mer", "quo", "dex", "ral", "fin", "bro", "sko", "nel", "vyr", "gat", "hum"]


def _novel_word(rnd: random.Random) -> str:
    """A word no wording list here holds and no run has seen (five random syllables: 759 million of them)."""
    return "".join(rnd.choice(_SYLLABLES) for _ in range(5))


Vocabulary = list[tuple[str, list[tuple[str, str]]]]  # (standard, [(clause number, title)])


def _standards_vocabulary() -> Vocabulary:
    """Each loaded requirements standard other than ISO 9001 (the warm-up's): its designation and its clauses'
    (number, title): the words of standards the warm-up never read."""
    from engine.standards.library import StandardLibrary

    out = []
    for std in StandardLibrary.load([]):
        if not std.is_requirements or "9001" in std.designation:
            continue
        clauses = [(c.number, c.title) for c in std.walk() if c.normative and c.title]
        if clauses:
            out.append((std.designation, clauses))
    return out


def novel_report(
    n: int, seed: int, vocabulary: list[tuple[str, list[tuple[str, str]]]] | None = None
) -> dict[str, Any]:
    """A report whose wording the benchmark's warm-up never saw: new subjects (invented words), a standard other
    than the warm-up's, its clauses' own words, and fault and evidence phrasing of the user lists."""
    rnd = random.Random(seed)
    vocabulary = vocabulary or _standards_vocabulary()
    designation, clauses = rnd.choice(vocabulary)
    findings = []
    for i in range(n):
        number, title = rnd.choice(clauses)
        subject = f"The {_novel_word(rnd)} {rnd.choice(['record', 'register', 'plan', 'log'])} for {title.lower()}"
        statement = f"{subject} at the {_novel_word(rnd)} site {rnd.choice(FAULTS)}."
        if rnd.random() < 0.5:
            statement += " " + rnd.choice(ADDITIONS)
        findings.append(
            {
                "id": f"N-{i + 1}",
                "grade": rnd.choice(["minor", "minor", "major", "ofi", None]),
                "clause": number if rnd.random() < 0.9 else None,
                "statement": statement.strip(),
                "evidence": f"{_novel_word(rnd).capitalize()} file {rnd.randint(10, 99999)} reviewed with the "
                f"{rnd.choice(ROLES)}; {rnd.randint(1, 9)} of {rnd.randint(10, 40)} entries checked.",
            }
        )
    return {
        "id": f"NOVEL-{seed}",
        "standard": designation,
        "audit": {"type": "surveillance", "date": "2026-10-14"},
        "findings": findings,
    }


def long_statement(chars: int, seed: int) -> str:
    rnd = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        f = worded_finding(rnd, 0)
        piece = f["statement"] + " " + (f["evidence"] or "")
        parts.append(piece)
        size += len(piece) + 1
    return " ".join(parts)[:chars]


def _engine() -> Any:
    from engine.check.engine import Engine

    eng = Engine()
    eng.warm()  # as the service does at start-up
    gc.freeze()  # as the service does at start-up (api/main.py): what start-up loaded stays out of collections
    return eng


def _time_reports(eng: Any, reports: list[dict[str, Any]]) -> float:
    from engine.core.models import Report

    t0 = time.perf_counter()
    for r in reports:
        eng.check(Report.model_validate(r)).model_dump_json()
    return time.perf_counter() - t0


# -- parts run in a fresh process -----------------------------------------------------------------------


def part_first_seen(seed: int, findings: int) -> dict[str, float]:
    """One fresh process: warm up on the benchmark's own reports (ISO 9001, the user lists' words), then a batch of
    reports in vocabulary never seen (`novel_report`: new subjects, another standard's words), timed the first
    time and again once seen."""
    eng = _engine()
    _time_reports(eng, [worded_report(20, 10_000 + seed)])  # warm-up on other wordings
    vocabulary = _standards_vocabulary()
    batch = [novel_report(10, seed * 1000 + k, vocabulary) for k in range(findings // 10)]
    first = _time_reports(eng, batch)
    warm = min(_time_reports(eng, batch) for _ in range(3))
    return {"first_us": 1e6 * first / findings, "warm_us": 1e6 * warm / findings}


def part_report_size(n: int) -> dict[str, float]:
    """One fresh process: check one report file of `n` findings as `ncaudit check` does (read from the file a
    finding at a time, `read_json_file`; streamed, its JSON written to a file); time and peak memory over
    a baseline taken after start-up (the high-water mark reset there), the file's reading included."""
    import tempfile

    from engine.core.limits import Limits
    from engine.inputs.streamed import read_json_file
    from engine.outputs.render import write_json_streamed

    eng = _engine()
    _time_reports(eng, [worded_report(20, 99)])
    with tempfile.TemporaryDirectory(prefix="ncaudit-bench-size-") as tmp:
        path = Path(tmp) / "report.json"
        path.write_text(json.dumps(worded_report(n, 5), indent=2))
        # the limits raised to fit the report (the command line's through NCAUDIT_MAX_BODY_BYTES and the like)
        size = path.stat().st_size
        unbounded = Limits(max_file_bytes=size + 1, max_findings=n, max_output_bytes=size)
        gc.collect()
        base = _reset_peak_kb()
        t0 = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            report = read_json_file(path, limits=unbounded)  # as `ncaudit check report.json` reads it
            assert report is not None  # read a finding at a time
            write_json_streamed(eng.check_streamed(report.header, findings_read=report), out)
            written = out.tell()
        seconds = time.perf_counter() - t0
        peak = _peak_kb()
    return {"seconds": seconds, "peak_kb_over_start": float(peak - base), "output_bytes": float(written)}


def _reset_peak_kb() -> int:
    """Reset the process's high-water mark to its resident size now (Linux: /proc/self/clear_refs); that size."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass
    return _rss_now_kb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_kb() -> int:
    """The high-water mark since the last reset (VmHWM), else since start."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _rss_now_kb() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return None


def run_part(args: list[str]) -> Any:
    return json.loads(
        subprocess.run(
            [sys.executable, str(Path(__file__)), *args], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    )


# -- parts run here --------------------------------------------------------------------------------------


def bench_first_seen(quick: bool) -> dict[str, Any]:
    runs = [run_part(["first_seen", str(seed), "100" if quick else "200"]) for seed in range(3 if quick else 9)]
    first = statistics.median(r["first_us"] for r in runs)
    warm = statistics.median(r["warm_us"] for r in runs)
    return {"processes": len(runs), "first_us": first, "warm_us": warm, "ratio": first / warm}


def bench_first_seen_command(quick: bool, warm_us: float) -> dict[str, Any]:
    """First-seen as a one-shot command: `ncaudit check` on a never-seen 50-finding report against the same on
    one never-seen finding (start-up and the first check's own cost cancel), per finding, paired and repeated;
    beside the in-process warm time per finding (`warm_us`, from `bench_first_seen`)."""
    import tempfile

    exe = str(Path(sys.executable).with_name("ncaudit"))
    vocabulary = _standards_vocabulary()
    per_finding = []
    with tempfile.TemporaryDirectory(prefix="ncaudit-bench-oneshot-") as tmp:
        for k in range(3 if quick else 7):
            big, one = Path(tmp) / f"big{k}.json", Path(tmp) / f"one{k}.json"
            big.write_text(json.dumps(novel_report(50, 70_000 + k, vocabulary)))
            one.write_text(json.dumps(novel_report(1, 80_000 + k, vocabulary)))
            times = []
            for path in (big, one):
                t0 = time.perf_counter()
                subprocess.run(
                    [exe, "check", str(path), "--format", "json", "--fail-on", "never"],
                    cwd=ROOT,
                    capture_output=True,
                    check=True,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},  # this checkout's engine, whatever is installed
                )
                times.append(time.perf_counter() - t0)
            per_finding.append((times[0] - times[1]) / 49)
    us = 1e6 * statistics.median(per_finding)
    return {"runs": len(per_finding), "command_us": us, "warm_us": warm_us, "ratio": us / warm_us}


def bench_long(eng: Any, quick: bool) -> dict[str, Any]:
    from engine.core.models import Report

    out: dict[str, Any] = {}
    for chars in (2_000, 20_000, 100_000):
        times = []
        for rep in range(3 if quick else 7):
            text = long_statement(chars, 1000 * chars + rep)
            report = Report.model_validate(
                {"standard": "ISO 9001:2015", "findings": [{"id": "L", "clause": "8.2.2", "statement": text}]}
            )
            t0 = time.perf_counter()
            eng.check(report)
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        out[str(chars)] = {"seconds": med, "us_per_char": 1e6 * med / chars}
    out["ratio_100k_to_2k"] = out["100000"]["us_per_char"] / out["2000"]["us_per_char"]
    return out


def bench_report_sizes(quick: bool) -> dict[str, Any]:
    sizes = (1, 50, 500, 5_000) if quick else (1, 50, 5_000, 200_000)
    out: dict[str, Any] = {}
    for n in sizes:
        runs = [run_part(["report_size", str(n)]) for _ in range(1 if n > 5_000 else 3)]
        seconds = statistics.median(r["seconds"] for r in runs)
        mem = statistics.median(r["peak_kb_over_start"] for r in runs)
        out[str(n)] = {
            "seconds": seconds,
            "us_per_finding": 1e6 * seconds / n,
            "kb_per_finding": mem / n,
            "peak_mb": mem / 1024,
            "output_bytes_per_finding": statistics.median(r["output_bytes"] for r in runs) / n,
        }
    big, small = str(sizes[-1]), str(sizes[-2])
    out["largest"], out["next"] = big, small
    out["time_ratio"] = out[big]["us_per_finding"] / out[small]["us_per_finding"]
    out["memory_ratio"] = out[big]["kb_per_finding"] / max(out[small]["kb_per_finding"], 1e-9)
    return out


# `ncaudit ARGS` as the script runs it, then its own peak resident size (VmHWM) on stderr as it exits
_OWN_PEAK = """
import atexit, sys
def _peak():
    with open("/proc/self/status") as fh:
        sys.stderr.write("".join("VMHWM " + line.split()[1] + "\\n" for line in fh if line.startswith("VmHWM:")))
atexit.register(_peak)
sys.argv = ["ncaudit", *sys.argv[1:]]
from engine.cli import main
sys.exit(main())
"""


def bench_files(quick: bool) -> dict[str, Any]:
    """`ncaudit check` over many files of 20 findings against one such file: the peak resident size of each
    whole command (its own VmHWM), paired and repeated."""
    import tempfile

    n = 200 if quick else 2_000
    with tempfile.TemporaryDirectory(prefix="ncaudit-bench-files-") as tmp:
        paths = []
        for k in range(n):
            path = Path(tmp) / f"r{k}.json"
            path.write_text(json.dumps(worded_report(20, 50_000 + k)))
            paths.append(str(path))

        def peak_mb(files: list[str]) -> float:
            # the command reports its own high-water mark (VmHWM, per address space, so it starts at exec):
            # a child's rusage would carry the resident size of this process, from which it was forked
            cmd = [sys.executable, "-c", _OWN_PEAK, "check", *files, "--format", "json", "--fail-on", "never"]
            with open(os.devnull, "wb") as sink:
                done = subprocess.run(cmd, cwd=ROOT, stdout=sink, stderr=subprocess.PIPE, text=True, check=True)
            kb = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("VMHWM ")]
            return kb[-1] / 1024

        one, many = [], []
        for _ in range(2 if quick else 3):
            one.append(peak_mb(paths[:1]))
            many.append(peak_mb(paths))
    a, b = statistics.median(many), statistics.median(one)
    return {"files": n, "findings_per_file": 20, "peak_mb_many": a, "peak_mb_one": b, "ratio": a / b}


def bench_previous(eng: Any, quick: bool) -> dict[str, Any]:
    """Findings with 4,000 previous findings against none: paired (each with then without), repeated."""
    n, p = (300, 4_000) if quick else (1_000, 4_000)
    from engine.core.models import Report

    with_prev = Report.model_validate(worded_report(n, 3, previous=p))
    without = with_prev.model_copy(update={"previous_findings": []})
    ratios, a_all, b_all = [], [], []
    for _ in range(3 if quick else 5):
        t0 = time.perf_counter()
        eng.check(with_prev)
        t1 = time.perf_counter()
        eng.check(without)
        t2 = time.perf_counter()
        ratios.append((t1 - t0) / (t2 - t1))
        a_all.append(t1 - t0)
        b_all.append(t2 - t1)
    return {
        "findings": n,
        "previous": p,
        "us_with": 1e6 * statistics.median(a_all) / n,
        "us_without": 1e6 * statistics.median(b_all) / n,
        "ratio": statistics.median(ratios),
    }


def bench_durable_share(eng: Any, quick: bool, reports: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The share of a finding's time spent in durable-rules (asserting facts and taking actions)."""
    from engine.rulebook import durable_adapter

    reports = reports or [worded_report(50, 500 + s) for s in range(10 if quick else 40)]
    n = sum(len(r["findings"]) for r in reports)
    spent = [0.0]
    original = durable_adapter.RuleRunner.run

    def timed(self: Any, facts: list[dict[str, Any]]) -> Any:
        t0 = time.perf_counter()
        try:
            return original(self, facts)
        finally:
            spent[0] += time.perf_counter() - t0

    durable_adapter.RuleRunner.run = timed  # type: ignore[method-assign]
    try:
        _time_reports(eng, reports[:2])
        spent[0] = 0.0
        total = _time_reports(eng, reports)
    finally:
        durable_adapter.RuleRunner.run = original  # type: ignore[method-assign]
    return {"us_per_finding": 1e6 * total / n, "durable_us_per_finding": 1e6 * spent[0] / n, "share": spent[0] / total}


def main(argv: list[str]) -> int:
    part = argv[0]
    if part == "first_seen":
        print(json.dumps(part_first_seen(int(argv[1]), int(argv[2]))))
    elif part == "report_size":
        print(json.dumps(part_report_size(int(argv[1]))))
    else:
        quick = "--quick" in argv
        eng = _engine()
        _time_reports(eng, [worded_report(20, 1)])
        fn = {
            "first_seen_all": lambda: bench_first_seen(quick),
            "long": lambda: bench_long(eng, quick),
            "sizes": lambda: bench_report_sizes(quick),
            "files": lambda: bench_files(quick),
            "previous": lambda: bench_previous(eng, quick),
            "durable": lambda: bench_durable_share(eng, quick),
        }[part]
        print(json.dumps(fn(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
