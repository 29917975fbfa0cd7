"""ncaudit under the attacks of issue 16, rerun against `ncaudit serve` on loopback: what each got, in figures.

    python bench/attacks.py           # about a minute; prints a table, writes bench/results/attacks.json

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
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


def main() -> int:
    from tests.conftest import running_service

    results: dict[str, Any] = {}
    rows: list[tuple[str, str, str]] = []
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

        results["rss_end_mb"] = _rss_mb(server_pid)
        rows.append(("server memory, start -> end", f"{base:.0f} -> {results['rss_end_mb']:.0f} MB", "all workers"))
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:<24}  {r[2]}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "attacks.json").write_text(json.dumps(results, indent=2))
    return 0


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
