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
import zlib
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

        document_attacks(port, server_pid, rows, results)  # issue 26: hostile PDF and Word reports

        results["rss_end_mb"] = _rss_mb(server_pid)
        rows.append(("server memory, start -> end", f"{base:.0f} -> {results['rss_end_mb']:.0f} MB", "all workers"))
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:<24}  {r[2]}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "attacks.json").write_text(json.dumps(results, indent=2))
    return 0


# ---- issue 26: hostile PDF and Word reports (their own block) ------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


_CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def _page_with(content: bytes, filters: bytes = b"/Filter /FlateDecode") -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"
    stream = b"<< /Length %d %s >>\nstream\n" % (len(content), filters) + content + b"\nendstream"
    return _pdf([*_CATALOG, page, stream])


def pdf_tiny_objects(n: int = 100_000) -> bytes:
    """One page drawing `n` one-letter texts."""
    ops = b"".join(b"BT /F1 1 Tf %d %d Td (x) Tj ET\n" % (i % 600, (i // 600) % 800) for i in range(n))
    return _page_with(zlib.compress(ops, 9))


def pdf_many_objects(n: int = 30_000) -> bytes:
    """`n` small indirect objects beside one empty page."""
    return _pdf(
        [*_CATALOG, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] + [b"<< /X %d >>" % i for i in range(n)]
    )


def pdf_deep(n: int = 100_000) -> bytes:
    """Arrays nested `n` deep in the catalog."""
    deep = b"[" * n + b"]" * n
    return _pdf(
        [b"<< /Type /Catalog /Pages 2 0 R /Deep " + deep + b" >>", _CATALOG[1], b"<< /Type /Page /Parent 2 0 R >>"]
    )


def pdf_pages(n: int = 18_000) -> bytes:
    """A page tree of `n` empty pages (as many as fit the service's 2 MB body)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * n
    return _pdf([_CATALOG[0], b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), *pages])


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
