"""ncaudit under the attacks of issues 16 and 29, rerun against `ncaudit serve` on loopback and the command
line: what each got, in figures.

    python bench/attacks.py           # about two minutes; prints a table, writes bench/results/attacks.json
    python bench/attacks.py 29        # issue 29's rows alone

Only 127.0.0.1, bounded in connections, bytes and time. Nothing here asserts: the tests assert behaviour
(tests/test_import_limits.py, test_slow_clients.py, test_hostile_service.py, test_soak.py); these are figures.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.document_fixtures import minimal_pdf  # noqa: E402  (the test suite's hostile-PDF builder, one copy)


def _rss_mb(pid: int) -> float:
    """Resident memory of the server and its workers (MB), from /proc."""
    total = 0
    pids = [pid] + [
        int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    ]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _post(
    port: int, path: str, body: bytes, ctype: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": ctype, **(headers or {})})
        r = conn.getresponse()
        data = r.read()
        return r.status, data, time.perf_counter() - started
    except OSError as exc:
        return -1, str(exc).encode(), time.perf_counter() - started
    finally:
        conn.close()


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "ncauditbench"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def far_cell_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["NC No", "Nonconformity"])
    wb.active.append(["1", "Records were not kept."])
    out = io.BytesIO()
    wb.save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    parts = {n: src.read(n) for n in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = (
        sheet.replace(
            "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )
        .replace('<dimension ref="A1:B2"/>', '<dimension ref="A1:XFD1048576"/>')
        .encode()
    )
    dst = io.BytesIO()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return dst.getvalue()


def bomb_xlsx(gib: float = 1.0) -> bytes:
    """A workbook whose one shared string is `gib` GiB of one letter: about 1 MB compressed per GiB."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Nonconformity"])
    wb.active.append(["x"])
    out = io.BytesIO()
    wb.save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    dst = io.BytesIO()
    size = int(gib * 1024**3)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n in src.namelist():
            z.writestr(n, src.read(n))
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * (1 << 24)
            for _ in range(size // len(chunk)):
                f.write(chunk)
            f.write(b"</t></si></sst>")
    return dst.getvalue()


# -- issue 29: every door bounded ----------------------------------------------------------------------------------


def _report(n: int, grade_cycle: tuple[str, ...] = ("major", "minor")) -> dict[str, Any]:
    findings = [
        {
            "id": f"NC-{i + 1}",
            "grade": grade_cycle[i % len(grade_cycle)],
            "clause": ("7.5.3.2", "8.4.1", "7.1.5.2")[i % 3],
            "statement": f"Superseded drawing D-{100 + i} was in use at lathe {i % 7}.",
            "evidence": f"Drawing D-{100 + i} rev B at lathe {i % 7}; rev D current per register DR-{i}.",
        }
        for i in range(n)
    ]
    return {
        "id": "R-29",
        "standard": "ISO 9001:2015",
        "audit": {"type": "stage2", "date": "2026-10-14"},
        "findings": findings,
    }


def renderer_scaling(rows: list[tuple[str, str, str]], results: dict[str, Any]) -> None:
    """Each output at 100 and 1,000 findings (a checked report of 100, ten times over): CPU seconds a finding."""
    from engine.check.engine import Engine
    from engine.core.models import Report
    from engine.outputs.challenge import challenge_letter
    from engine.outputs.plan import build_plan
    from engine.outputs.plan_formats import render_plan
    from engine.outputs.render import render

    report = Report.model_validate(_report(100, ("major", "minor", "ofi")))
    verdict = Engine().check(report)

    def times(k: int) -> tuple[Any, Any]:
        fs, vs = [], []
        for j in range(k):
            for f, v in zip(report.findings, verdict.findings, strict=True):
                fs.append(f.model_copy(update={"id": f"{f.id}-{j}"}))
                vs.append(v.model_copy(update={"id": f"{v.id}-{j}"}))
        return report.model_copy(update={"findings": fs}), verdict.model_copy(update={"findings": vs})

    outputs = {
        "plan .xlsx": lambda r, v: render_plan(build_plan(r, v), "xlsx"),
        "plan .csv": lambda r, v: render_plan(build_plan(r, v), "csv"),
        "plan .ics": lambda r, v: render_plan(build_plan(r, v), "ics"),
        "letter .md": lambda r, v: challenge_letter(r, v, None, "md"),
        "letter .docx": lambda r, v: challenge_letter(r, v, None, "docx"),
        "review page": lambda r, v: render([v], "html", reports=[r]),
        "worklist .csv": lambda r, v: render([v], "csv"),
    }
    small, large = times(1), times(10)
    results["renderers"] = {}
    for name, fn in outputs.items():
        fn(*small)  # imports and first use out of the figure
        per = []
        for (r, v), n in ((small, 100), (large, 1000)):
            best = min(_cpu(lambda r=r, v=v, fn=fn: fn(r, v)) for _ in range(5))
            per.append(best / n)
        ratio = per[1] / per[0]
        rows.append(
            (
                f"{name}: 1,000 / 100 findings",
                f"{1000 * per[1] * 1000:.0f} ms at 1,000",
                f"{ratio:.2f}x the time a finding (limit 1.3x)",
            )
        )
        results["renderers"][name] = {"s_per_finding_100": per[0], "s_per_finding_1000": per[1], "ratio": ratio}


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (the service's workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid] + [
        int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    ]
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def _cpu(fn: Any) -> float:
    import gc

    gc.collect()  # each run starts from the same heap
    started = time.process_time()
    fn()
    return time.process_time() - started


def _run_cli(
    args: list[str], stdin: Any = None, stdout: Any = subprocess.PIPE, env: dict[str, str] | None = None
) -> tuple[int, str, float, float, float]:
    """`ncaudit ARGS` in a child: exit code, its stderr's first line, seconds (wall and CPU) and peak memory in
    MB (the last two from /usr/bin/time; CPU time does not depend on what else the machine runs)."""
    timer = ["/usr/bin/time", "-f", "%U %S %M"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    done = subprocess.run(
        [*timer, sys.executable, "-m", "engine.cli", *args],
        cwd=ROOT,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        env=env,
    )
    took = time.perf_counter() - started
    lines = done.stderr.decode(errors="replace").strip().splitlines()
    cpu = peak = float("nan")
    if timer and lines and len(lines[-1].split()) == 3:
        user, system, kb = lines.pop().split()
        cpu, peak = float(user) + float(system), float(kb) / 1024
    return done.returncode, (lines[0] if lines else ""), took, cpu, peak


def command_line_input(rows: list[tuple[str, str, str]], results: dict[str, Any], scratch: Path) -> None:
    fifo = scratch / "pipe.json"
    os.mkfifo(fifo)
    sparse = scratch / "sparse.json"
    with sparse.open("wb") as fh:
        fh.truncate(2 << 30)
    example = str(ROOT / "examples" / "cb-2026-0142.json")
    cases = [
        ("ncaudit check /dev/zero", ["check", "/dev/zero"], None, subprocess.PIPE),
        ("ncaudit check /dev/urandom", ["check", "/dev/urandom"], None, subprocess.PIPE),
        ("ncaudit check --config /dev/zero", ["check", "--config", "/dev/zero", example], None, subprocess.PIPE),
        ("ncaudit challenge /dev/zero", ["challenge", "/dev/zero"], None, subprocess.PIPE),
        ("ncaudit check FIFO (no writer)", ["check", str(fifo)], None, subprocess.PIPE),
        ("ncaudit check 2 GB sparse .json", ["check", str(sparse)], None, subprocess.PIPE),
        ("ncaudit check - < /dev/zero", ["check", "-"], open("/dev/zero", "rb"), subprocess.PIPE),  # noqa: SIM115
        ("ncaudit check -o /dev/full", ["check", example, "-o", "/dev/full"], None, subprocess.PIPE),
        ("ncaudit check > /dev/full", ["check", "--format", "json", example], None, open("/dev/full", "wb")),  # noqa: SIM115
    ]
    results["cli"] = {}
    for label, args, stdin, stdout in cases:
        code, line, took, cpu, peak = _run_cli(args, stdin, stdout)
        rows.append((label, f"exit {code}: {took:.2f} s ({cpu:.2f} CPU), {peak:.0f} MB", line[:100]))
        results["cli"][label] = {"exit": code, "seconds": took, "cpu": cpu, "peak_mb": peak, "message": line}
    # `yes | ncaudit check -`: an endless pipe
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    code, line, took, cpu, peak = _run_cli(["check", "-"], yes.stdout)
    yes.kill()
    yes.wait()
    rows.append(("yes | ncaudit check -", f"exit {code}: {took:.2f} s ({cpu:.2f} CPU), {peak:.0f} MB", line[:100]))
    results["cli"]["yes | check -"] = {"exit": code, "seconds": took, "cpu": cpu, "peak_mb": peak, "message": line}
    # a closed pipe: the reader is gone before the first write
    reader, writer = os.pipe()
    os.close(reader)
    code, line, took, _, _ = _run_cli(["rules", "--json"], None, writer)
    os.close(writer)
    rows.append(("ncaudit rules --json | (closed)", f"exit {code} in {took:.2f} s", line[:100]))
    results["cli"]["closed pipe"] = {"exit": code, "seconds": took, "message": line}


def startup_cache_trust(rows: list[tuple[str, str, str]], results: dict[str, Any], scratch: Path) -> None:
    """A user standards folder cached, then its entry poisoned, retyped, and its source edited to the same size
    with the modification time put back: is the entry rebuilt (the library parsed again)?"""
    import pickle

    from engine.core import startup_cache
    from engine.standards.library import StandardLibrary

    os.environ["NCAUDIT_CACHE_DIR"] = str(scratch / "cache")
    folder = scratch / "standards"
    folder.mkdir()
    source = folder / "my-standard.xml"
    source.write_bytes((ROOT / "standards" / "iso-9001-2015.xml").read_bytes())
    parsed: list[int] = []
    original = StandardLibrary._parse.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, *args: Any) -> Any:
        parsed.append(1)
        return original(cls, *args)

    StandardLibrary._parse = classmethod(counting)  # type: ignore[method-assign, assignment]
    try:
        StandardLibrary.load([folder], bundled=False)
        (entry,) = (scratch / "cache").glob("standards-*.pickle")

        def again(label: str) -> None:
            before = len(parsed)
            started = time.perf_counter()
            StandardLibrary.load([folder], bundled=False)
            took = time.perf_counter() - started
            rebuilt = len(parsed) > before
            rows.append((label, "rebuilt" if rebuilt else "SERVED AS CACHED", f"{took:.2f} s"))
            results["cache"][label] = {"rebuilt": rebuilt, "seconds": took}

        results["cache"] = {}
        data = entry.read_bytes()
        i = data.rindex(b"the ")
        entry.write_bytes(data[:i] + b"THE " + data[i + 4 :])  # same length, one word changed
        again("cache entry changed inside, same length")
        (entry,) = (scratch / "cache").glob("standards-*.pickle")
        entry.write_bytes(pickle.dumps(["a", "list", "not a library"]))
        again("cache entry: a valid pickle of another type")
        entry.write_bytes(startup_cache._pack(["a", "list", "with its checksum"]))
        again("cache entry: another type, checksum right")
        st = source.stat()
        text = source.read_bytes()
        j = text.index(b'title="') + 7
        source.write_bytes(text[:j] + b"X" + text[j + 1 :])  # the same size
        os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns))  # modification time put back
        again("standards file edited, same size, mtime restored")
    finally:
        StandardLibrary._parse = classmethod(original)  # type: ignore[method-assign, assignment]


def service_doors(rows: list[tuple[str, str, str]], results: dict[str, Any]) -> None:
    import urllib.error
    import urllib.request

    import httpx

    from tests.conftest import running_service

    os.environ.update(
        {
            "NCAUDIT_MAX_CHECK_CPU_SECONDS": "1",
            "NCAUDIT_SEND_TIMEOUT_SECONDS": "2",
            "NCAUDIT_KEEP_ALIVE_SECONDS": "2",
            "NCAUDIT_MAX_BODY_BYTES": str(12 * 1024 * 1024),
        }
    )
    with running_service("--workers", "2") as url:
        port = int(url.rsplit(":", 1)[1])
        big = json.dumps(_report(1000)).encode()
        server = _server_pid(port)
        # one 1,000-finding plan with a 1 s budget; then two at once while /healthz is asked
        cpu_before = _tree_cpu(server)
        status, _, took = _post(port, "/v1/reports/plan?format=xlsx", big, "application/json")
        cpu = _tree_cpu(server) - cpu_before
        rows.append(
            (
                "plan .xlsx, 1,000 findings, budget 1 s",
                f"{status} in {took:.2f} s",
                f"too_costly after {cpu:.2f} s of the service's CPU (reading the body included)",
            )
        )
        results["plan_budget"] = {"status": status, "seconds": took, "service_cpu": cpu}
        import threading

        answers: list[tuple[int, float]] = []
        threads = [
            threading.Thread(
                target=lambda: answers.append(_post(port, "/v1/reports/plan?format=xlsx", big, "application/json")[::2])
            )
            for _ in range(2)
        ]
        for t in threads:
            t.start()
        time.sleep(0.3)
        started = time.perf_counter()
        health = _get_status(port)
        health_took = time.perf_counter() - started
        for t in threads:
            t.join()
        rows.append(
            (
                "two such plans at once, 2 workers",
                f"/healthz {health} in {health_took:.2f} s",
                f"the plans: {', '.join(f'{s} in {t:.1f} s' for s, t in answers)}",
            )
        )
        results["plan_budget_two"] = {"healthz": health, "healthz_seconds": health_took, "plans": answers}

        for mb in (20, 100):
            body = b" " * (mb * 1024 * 1024 + 1)
            started = time.perf_counter()
            try:
                urllib.request.urlopen(
                    urllib.request.Request(
                        url + "/v1/reports/check", data=body, headers={"Content-Type": "application/json"}
                    ),
                    timeout=60,
                )
                seen = "200"
            except urllib.error.HTTPError as exc:
                seen = str(exc.code)
            except OSError as exc:
                seen = f"error: {exc}"
            took = time.perf_counter() - started
            started = time.perf_counter()
            try:
                seen_httpx = str(httpx.post(url + "/v1/reports/check", content=body, timeout=60).status_code)
            except httpx.HTTPError as exc:
                seen_httpx = f"error: {exc}"
            took_httpx = time.perf_counter() - started
            rows.append(
                (
                    f"{mb} MB body to a 12 MB limit",
                    f"urllib {seen} in {took:.2f} s",
                    f"httpx {seen_httpx} in {took_httpx:.2f} s",
                )
            )
            results[f"oversized_{mb}mb"] = {"urllib": seen, "httpx": seen_httpx, "seconds": [took, took_httpx]}

        # headers on every answer
        spec = json.loads(urllib.request.urlopen(url + "/openapi.json", timeout=10).read())
        fill = {"{std_id}": "iso-9001-2015", "{number}": "7.1.5.2", "{rule_id}": "PP01"}
        checked, missing = 0, []
        example = (ROOT / "examples" / "cb-2026-0142.json").read_bytes()
        targets = [("GET", p) for p in ("/", "/docs", "/redoc", "/openapi.json", "/static/page.js", "/no-such-page")]
        for path, methods in spec["paths"].items():
            for k, v in fill.items():
                path = path.replace(k, v)
            targets += [(m.upper(), path) for m in methods]
        for method, path in targets:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(
                method, path, body=example if method == "POST" else None, headers={"Content-Type": "application/json"}
            )
            r = conn.getresponse()
            r.read()
            conn.close()
            checked += 1
            h = {k.lower(): v for k, v in r.getheaders()}
            if not (
                h.get("x-content-type-options") == "nosniff"
                and "frame-ancestors 'none'" in h.get("content-security-policy", "")
                and h.get("x-frame-options") == "DENY"
            ):
                missing.append(f"{method} {path}")
        rows.append(
            (
                f"security headers, {checked} answers (/, /docs, every route)",
                f"{checked - len(missing)} of {checked}",
                ", ".join(missing)[:90] or "nosniff, X-Frame-Options, CSP frame-ancestors on all",
            )
        )
        results["headers"] = {"checked": checked, "missing": missing}

        # an answer left unread: 7 MB, more than the kernel's socket buffers take
        payload = json.dumps({"findings": [{"statement": "x" * 99_000}] * 70}).encode()
        body, ctype = _multipart("r.json", payload)
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", port))
        s.sendall(
            f"POST /v1/reports/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n".encode()
            + f"Content-Type: {ctype}\r\n\r\n".encode()
            + body
        )
        time.sleep(6)
        s.settimeout(10)
        got = 0
        try:
            while chunk := s.recv(1 << 16):
                got += len(chunk)
        except OSError:
            pass
        s.close()
        rows.append(
            (
                f"a {len(payload) / 1e6:.0f} MB answer never read",
                f"{got / 1e6:.1f} MB delivered",
                "the rest dropped after NCAUDIT_SEND_TIMEOUT_SECONDS=2 (was: held for ever)",
            )
        )
        results["unread_answer"] = {"answer_bytes": len(payload), "delivered": got}

    # binding to the network without keys
    env = {k: v for k, v in os.environ.items() if k != "NCAUDIT_API_KEYS"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli", "serve", "--host", "0.0.0.0", "--port", "9"],
        cwd=ROOT,
        capture_output=True,
        env=env,
        timeout=60,
    )
    took = time.perf_counter() - started
    rows.append(
        (
            "ncaudit serve --host 0.0.0.0, no API keys",
            f"exit {done.returncode} in {took:.2f} s",
            done.stderr.decode().strip()[:90],
        )
    )
    results["bind_without_keys"] = {"exit": done.returncode, "message": done.stderr.decode().strip()}
    from engine.core.settings import Settings

    wide = Settings(host="0.0.0.0", allowed_hosts="").hosts()
    rows.append(
        (
            "Host: localhost, bound to 0.0.0.0",
            "refused (400)" if "localhost" not in wide else "ANSWERED",
            "localhost is a name only on a loopback bind",
        )
    )


def gil_during_a_plan(rows: list[tuple[str, str, str]], results: dict[str, Any]) -> None:
    """The longest the worker's other threads (uvicorn's health-check answer among them) wait for the
    interpreter while a 1,000-finding .ics plan (2.5 MB) is checked and written: the supervisor replaces a
    worker that does not answer its ping within 5 s."""
    import threading

    from fastapi.testclient import TestClient

    from api.main import create_app
    from engine.core.settings import Settings

    client = TestClient(create_app(Settings(allowed_hosts="testserver", max_check_cpu_seconds=120)))
    gaps: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    thread = threading.Thread(target=probe)
    thread.start()
    answer = client.post("/v1/reports/plan?format=ics", json=_report(1000))
    stop.set()
    thread.join()
    rows.append(
        (
            f"1,000-finding .ics ({len(answer.content) / 1e6:.1f} MB): longest wait for the GIL",
            f"{max(gaps) * 1000:.0f} ms",
            "uvicorn replaces a worker that misses its 5 s ping",
        )
    )
    results["gil_max_ms"] = max(gaps) * 1000


def main() -> int:
    """Issue 16's attacks, then issue 29's (`--only 29`: issue 29's alone)."""
    results: dict[str, Any] = {}
    rows: list[tuple[str, str, str]] = []
    if "29" not in sys.argv[1:]:
        issue_16(rows, results)
    rows.append(("-- issue 29 --", "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()), ""))
    with tempfile.TemporaryDirectory(prefix="ncaudit-attacks-") as scratch:
        renderer_scaling(rows, results)
        gil_during_a_plan(rows, results)
        command_line_input(rows, results, Path(scratch))
        startup_cache_trust(rows, results, Path(scratch))
        service_doors(rows, results)
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:<24}  {r[2]}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "attacks.json").write_text(json.dumps(results, indent=2, default=str))
    return 0


def issue_16(rows: list[tuple[str, str, str]], results: dict[str, Any]) -> None:
    from tests.conftest import running_service

    env = {"NCAUDIT_HEADER_TIMEOUT_SECONDS": "2", "NCAUDIT_BODY_TIMEOUT_SECONDS": "2"}
    os.environ.update(env)
    with running_service("--workers", "1") as url:
        port = int(url.rsplit(":", 1)[1])
        server_pid = _server_pid(port)
        base = _rss_mb(server_pid)
        results["rss_start_mb"] = base

        data = far_cell_xlsx()
        body, ctype = _multipart("far.xlsx", data)
        status, answer, took = _post(port, "/v1/reports/import", body, ctype)
        msg = json.loads(answer)["detail"][0]["msg"] if status > 0 else answer.decode()
        rows.append((f"{len(data):,}-byte .xlsx, one cell at XFD1048576", f"{status} in {took:.2f} s", msg[:90]))
        results["far_cell"] = {"bytes": len(data), "status": status, "seconds": took, "rss_mb": _rss_mb(server_pid)}

        data = bomb_xlsx(1.0)
        body, ctype = _multipart("bomb.xlsx", data)
        status, answer, took = _post(port, "/v1/reports/import", body, ctype)
        msg = json.loads(answer)["detail"][0]["msg"] if status > 0 else answer.decode()
        rows.append((f"{len(data):,}-byte .xlsx holding a 1 GiB string", f"{status} in {took:.2f} s", msg[:90]))
        results["zip_bomb"] = {"bytes": len(data), "status": status, "seconds": took, "rss_mb": _rss_mb(server_pid)}

        nbsp = ("\u00a0\u2003§ " * 25_000)[:99_999]
        report = {"standard": "ISO 9001:2015", "findings": [{"statement": "x" + nbsp, "evidence": nbsp}] * 4}
        payload = json.dumps(report, ensure_ascii=False).encode()
        status, _, took = _post(port, "/v1/reports/check", payload, "application/json")
        chars = 4 * 2 * 100_000
        rows.append(
            (
                f"{len(payload) / 1e6:.1f} MB body of NBSP/em-space/§ runs",
                f"{status} in {took:.2f} s",
                f"{took / chars * 1e6:.2f} us a character",
            )
        )
        results["nbsp"] = {"bytes": len(payload), "status": status, "seconds": took, "us_per_char": took / chars * 1e6}

        csv_rows = "Nonconformity\n" + "x\n" * 900_000
        body, ctype = _multipart("many.csv", csv_rows.encode())
        status, answer, took = _post(port, "/v1/reports/import", body, ctype)
        rows.append(
            (
                f"{len(csv_rows) / 1e6:.1f} MB CSV of 900,000 rows",
                f"{status} in {took:.2f} s",
                json.loads(answer)["detail"][0]["msg"][:90] if status > 0 else answer.decode(),
            )
        )
        results["many_rows"] = {"status": status, "seconds": took}

        status, answer, took = _post(port, "/v1/reports/check", b" " * 6_000_000, "application/json")
        rows.append(
            (
                "6 MB body to a 2 MB limit, Python's http.client",
                f"{status} in {took:.2f} s",
                "413 seen (no reset)" if status == 413 else answer.decode()[:90],
            )
        )
        results["oversized_http_client"] = {"status": status, "seconds": took}

        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.perf_counter()
        got = s.recv(200)
        took = time.perf_counter() - started
        s.close()
        rows.append(
            ("half-sent headers", f"{got[:12].decode()} after {took:.1f} s", "NCAUDIT_HEADER_TIMEOUT_SECONDS=2")
        )
        results["slow_headers"] = {"answer": got[:12].decode(), "seconds": took}

        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /v1/reports/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{")
        started = time.perf_counter()
        got = s.recv(200)
        took = time.perf_counter() - started
        s.close()
        rows.append(("half-sent body", f"{got[:12].decode()} after {took:.1f} s", "NCAUDIT_BODY_TIMEOUT_SECONDS=2"))
        results["slow_body"] = {"answer": got[:12].decode(), "seconds": took}

        idle = []
        for _ in range(1000):
            try:
                idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            except OSError:
                break
        started = time.perf_counter()
        status_h = _get_status(port)
        took = time.perf_counter() - started
        rows.append(
            (
                f"{len(idle)} idle connections open",
                f"/healthz {status_h} in {took:.2f} s",
                "each idle one closed by the header timeout",
            )
        )
        time.sleep(3)
        closed = sum(1 for c in idle if _closed(c))
        rows.append(("  ... 3 s later", f"{closed} of {len(idle)} closed by the server", ""))
        for c in idle:
            c.close()
        results["idle"] = {"opened": len(idle), "closed_after_3s": closed, "healthz": status_h}

        body = json.dumps({"findings": [{"statement": "Records were not kept."}]}).encode()
        status, answer, _ = _post(
            port, "/v1/reports/check", body, "application/json", {"Origin": "https://evil.example"}
        )
        rows.append(("cross-site post (Origin: https://evil.example)", str(status), json.loads(answer)["detail"][:90]))
        status, answer, _ = _post(port, "/v1/reports/check", body, "application/json", {"Host": "rebound.example"})
        rows.append(("Host: rebound.example (DNS rebinding)", str(status), json.loads(answer)["detail"][:90]))

        document_attacks(port, server_pid, rows, results)  # issue 26: hostile PDF and Word reports

        results["rss_end_mb"] = _rss_mb(server_pid)
        rows.append(("server memory, start -> end", f"{base:.0f} -> {results['rss_end_mb']:.0f} MB", "all workers"))


# ---- issue 26: hostile PDF and Word reports (their own block) ------------------------------------------------


_CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def _page_with(content: bytes, filters: bytes = b"/Filter /FlateDecode") -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
    stream = b"<< /Length %d %s >>\nstream\n" % (len(content), filters) + content + b"\nendstream"
    return minimal_pdf([*_CATALOG, page, stream])


def pdf_tiny_objects(n: int = 100_000) -> bytes:
    """One page drawing `n` one-letter texts."""
    ops = b"".join(b"BT /F1 1 Tf %d %d Td (x) Tj ET\n" % (i % 600, (i // 600) % 800) for i in range(n))
    return _page_with(zlib.compress(ops, 9))


def pdf_many_objects(n: int = 30_000) -> bytes:
    """`n` small indirect objects beside one empty page."""
    return minimal_pdf(
        [*_CATALOG, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] + [b"<< /X %d >>" % i for i in range(n)]
    )


def pdf_deep(n: int = 100_000) -> bytes:
    """Arrays nested `n` deep in the catalog."""
    deep = b"[" * n + b"]" * n
    return minimal_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R /Deep " + deep + b" >>", _CATALOG[1], b"<< /Type /Page /Parent 2 0 R >>"]
    )


def pdf_pages(n: int = 18_000) -> bytes:
    """A page tree of `n` empty pages (as many as fit the service's 2 MB body)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * n
    return minimal_pdf([_CATALOG[0], b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), *pages])


def pdf_bomb(gib: float = 1.0) -> bytes:
    """A page whose content stream inflates to `gib` GiB of zeros (about 1 MB compressed per GiB)."""
    c = zlib.compressobj(9)
    chunk = bytes(1 << 24)
    body = b"".join(c.compress(chunk) for _ in range(int(gib * 64))) + c.flush()
    return _page_with(body)


def docx_bomb(gib: float = 1.0) -> bytes:
    """A Word document whose document.xml unpacks to `gib` GiB."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("NC 1 - Minor - Clause 7.2")
    out = io.BytesIO()
    doc.save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    dst = io.BytesIO()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n in src.namelist():
            if n != "word/document.xml":
                z.writestr(n, src.read(n))
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(src.read("word/document.xml")[:-20])
            for _ in range(int(gib * 64)):
                f.write(b" " * (1 << 24))
    return dst.getvalue()


def docx_deep(depth: int = 60_000) -> bytes:
    """A Word document whose body nests `depth` elements."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("x")
    out = io.BytesIO()
    doc.save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    dst = io.BytesIO()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for n in src.namelist():
            body = src.read(n)
            if n == "word/document.xml":
                body = body.replace(b"<w:body>", b"<w:body>" + b"<w:sdt>" * depth + b"</w:sdt>" * depth, 1)
            z.writestr(n, body)
    return dst.getvalue()


def document_attacks(port: int, server_pid: int, rows: list[tuple[str, str, str]], results: dict[str, Any]) -> None:
    """Each hostile document uploaded to /v1/reports/import and sent to /v1/reports/check: status, time, memory."""
    cases = [
        ("pdf_tiny_objects", "PDF page of 100,000 tiny texts", "x.pdf", pdf_tiny_objects()),
        ("pdf_many_objects", "PDF of 30,000 indirect objects", "x.pdf", pdf_many_objects()),
        ("pdf_deep", "PDF nested 100,000 arrays deep", "x.pdf", pdf_deep()),
        ("pdf_pages", "PDF page tree of 18,000 pages", "x.pdf", pdf_pages()),
        ("pdf_bomb", "PDF stream inflating to 1 GiB", "x.pdf", pdf_bomb()),
        ("docx_bomb", ".docx whose body unpacks to 1 GiB", "x.docx", docx_bomb()),
        ("docx_deep", ".docx nested 60,000 elements deep", "x.docx", docx_deep()),
    ]
    for key, what, name, data in cases:
        body, ctype = _multipart(name, data)
        status, answer, took = _post(port, "/v1/reports/import", body, ctype)
        try:
            detail = json.loads(answer)["detail"]
            msg = detail[0]["msg"] if isinstance(detail, list) else str(detail)
        except (ValueError, KeyError, IndexError, TypeError):
            msg = answer.decode(errors="replace")
        rss = _rss_mb(server_pid)
        rows.append((f"{len(data):,}-byte {what}", f"{status} in {took:.2f} s", msg[:90]))
        results[key] = {"bytes": len(data), "status": status, "seconds": took, "rss_mb": rss, "message": msg[:300]}
        ctype2 = "application/pdf" if name.endswith(".pdf") else CONTENT_DOCX
        status2, _, took2 = _post(port, "/v1/reports/check", data, ctype2)
        results[key]["check_route"] = {"status": status2, "seconds": took2}


CONTENT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# ---- end of issue 26's block ---------------------------------------------------------------------------------


def _server_pid(port: int) -> int:
    """The `ncaudit serve --port PORT` process (the workers are its children)."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                args = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in args and b"--port" in args and str(port).encode() in args:
                return int(proc.name)
    raise RuntimeError("the service's process was not found")


def _get_status(port: int) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status
    except OSError:
        return -1
    finally:
        conn.close()


def _closed(s: socket.socket) -> bool:
    s.settimeout(0.01)
    try:
        return s.recv(1) == b""
    except (TimeoutError, BlockingIOError):
        return False
    except OSError:
        return True


if __name__ == "__main__":
    sys.exit(main())
