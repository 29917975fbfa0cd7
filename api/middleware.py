"""Pure ASGI middleware: request ids with an access log line, a body limit enforced while streaming, the
same-origin and Host checks, and security headers on every response."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("ncaudit.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


class RequestIdMiddleware:
    """Echo a sane client `X-Request-ID` or make one; say the server's own time (`Server-Timing: app;dur=MS`);
    log one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _SANE_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status_code = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode()))
                # the server's own time, from receiving the request to starting the response: a client's time
                # less this is queueing and transfer (bench/run.py reports both)
                headers.append((b"server-timing", f"app;dur={1000 * (time.perf_counter() - started):.2f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "%s %s %s %.1fms rid=%s",
                scope.get("method"),
                scope.get("path"),
                status_code,
                1000 * (time.perf_counter() - started),
                rid,
            )


class BodyLimitMiddleware:
    """Refuse bodies over `limit` bytes with 413, and bodies slower than `timeout` seconds with 408.

    Bodies of POST/PUT/PATCH are read here (at most `limit` bytes kept) and replayed to the app, so an oversized
    body is refused without being kept whole and a slow client only holds its own request, for `timeout` at most
    (uvicorn has no body timeout). The 413 goes out at once; an oversized body is then read to its end and
    dropped (up to `drain` bytes, within the body timeout) before the connection closes, so a client that sends
    the whole body before reading, as Python's http.client and urllib do, sees the 413 instead of a connection
    reset: closing a socket with unread bytes in it makes the kernel reset the connection, and the reset throws
    away the answer the client had not read yet. Draining costs the worker no memory (nothing is kept) and ends
    with the body timeout; the default bound, `DRAIN_BYTES` (1 GiB), covers any body an ordinary client sends
    (a 20 MB or 100 MB body was reset when the bound was 8 MB).
    """

    DRAIN_BYTES = 1024 * 1024 * 1024

    def __init__(self, app: ASGIApp, limit: int, timeout: float = 30.0, drain: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.timeout = timeout
        self.drain = drain if drain is not None else max(4 * limit, self.DRAIN_BYTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        deadline = time.monotonic() + self.timeout
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(send, receive, deadline, drain=int(length) <= self.drain)
            return
        chunks: list[bytes] = []
        state = await self._read(receive, deadline, keep=self.limit, into=chunks)
        if state == "disconnect":
            return
        if state == "timeout":
            await _answer(send, 408, f"the request body did not arrive within {self.timeout:g} s; send it again")
            return
        if state == "over":
            await self._refuse(send, receive, deadline, drain=True)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(
        self, receive: Receive, deadline: float, keep: int, into: list[bytes] | None = None, budget: int = 0
    ) -> str:
        """Read the body until its end ("done"), the client leaving, the deadline, or more than `keep` bytes
        ("over"; with `keep=0` the body is read and dropped, up to `budget` or `self.drain` bytes)."""
        seen = 0
        cap = budget or self.drain
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout"
            try:
                message = await asyncio.wait_for(receive(), remaining)
            except TimeoutError:
                return "timeout"
            if message["type"] == "http.disconnect":
                return "disconnect"
            chunk = message.get("body", b"")
            seen += len(chunk)
            if into is not None:
                if seen > keep:
                    return "over"
                into.append(chunk)
            elif seen > cap:
                return "over"
            if not message.get("more_body", False):
                return "done"

    async def _refuse(self, send: Send, receive: Receive, deadline: float, drain: bool) -> None:
        """The whole 413 goes out at once; the rest of the body is then read and dropped (when `drain`), and only
        then is the answer ended and the connection closed: no reset while the client is still sending."""
        detail = f"request body is larger than the {self.limit}-byte limit (NCAUDIT_MAX_BODY_BYTES)"
        await _answer(send, 413, detail, more=drain)
        if drain:
            await self._read(receive, deadline, keep=0)
            await send({"type": "http.response.body", "body": b""})


async def _answer(send: Send, status: int, detail: str, close: bool = True, more: bool = False) -> None:
    payload = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload, "more_body": more})


class SameOriginMiddleware:
    """Refuse what a web page elsewhere could make a browser send to this service.

    - `Host` must be one of `hosts` (DNS rebinding): 400 naming the setting.
    - A POST (PUT, PATCH, DELETE) whose `Origin` is neither this service's own origin nor an allowed one (CORS
      settings), or without `Origin` but marked `Sec-Fetch-Site: cross-site`/`same-site`, is refused with 403 unless
      it carries an API key: a simple cross-origin form post needs no preflight, but cannot set those headers.
    """

    UNSAFE = ("POST", "PUT", "PATCH", "DELETE")

    def __init__(self, app: ASGIApp, hosts: list[str], origins: list[str]) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.any_host = "*" in self.hosts
        self.origins = {o.rstrip("/").lower() for o in origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1").strip().lower()
        if not self.any_host and _hostname(host) not in self.hosts:
            shown = host[:100] or "(none)"
            await _answer(
                send,
                400,
                f"this service does not answer to the host name {shown!r}: open it as http://127.0.0.1 or "
                "http://localhost, or add the name to NCAUDIT_ALLOWED_HOSTS",
                close=False,
            )
            return
        if scope.get("method") in self.UNSAFE and not (b"x-api-key" in headers or b"authorization" in headers):
            origin = headers.get(b"origin", b"").decode("latin-1").strip().rstrip("/").lower()
            fetch_site = headers.get(b"sec-fetch-site", b"").decode("latin-1").strip().lower()
            own = {f"http://{host}", f"https://{host}"}
            if origin:
                refused = origin not in own and origin not in self.origins and "*" not in self.origins
            else:
                refused = fetch_site in ("cross-site", "same-site")
            if refused:
                shown = origin[:100] or "another site"
                await _answer(
                    send,
                    403,
                    f"a {scope.get('method')} from a page of {shown!r} is refused: this service takes posts from its "
                    "own page, from origins listed in NCAUDIT_CORS_ORIGINS, or with an API key (X-API-Key)",
                    close=False,
                )
                return
        await self.app(scope, receive, send)


def _hostname(host: str) -> str:
    """`Host` without its port: `127.0.0.1:8000` -> `127.0.0.1`, `[::1]:8000` -> `[::1]`."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SecurityHeadersMiddleware:
    """Security headers on every response: `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
    `Referrer-Policy: no-referrer` and a `Content-Security-Policy`.

    The policy of a page (HTML) allows scripts and styles from this service only, and the page's own inline
    `<script>` and `<style>` blocks by their SHA-256 (computed here from the page as sent, so /docs's inline
    start-up script runs and nothing injected does); `frame_styles` adds the hashes of styles a page loads
    into a frame of its own (the review, shown in the page by `srcdoc`, inherits the page's policy). ReDoc and
    Swagger UI inject style elements at run time, so under `docs_paths` inline styles are allowed (never
    scripts). Anything else (JSON, files) gets `default-src 'none'`. No page may be framed by another site
    (`frame-ancestors 'none'`)."""

    HTML_BUFFER = 64 * 1024 * 1024  # a page larger than this (none the service writes) is sent without hashes
    _INLINE = re.compile(rb"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
    _SRC = re.compile(rb"\bsrc\s*=", re.IGNORECASE)
    BASE = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    )
    NOT_A_PAGE = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    def __init__(
        self, app: ASGIApp, frame_styles: tuple[str, ...] = (), docs_paths: tuple[str, ...] = ("/docs", "/redoc")
    ) -> None:
        self.app = app
        self.frame_styles = frame_styles
        self.docs_paths = docs_paths

    def page_policy(self, path: str, scripts: list[str], styles: list[str]) -> bytes:
        """The policy of an HTML page, with the hashes of its inline scripts and styles."""
        docs = any(path == p or path.startswith(p + "/") for p in self.docs_paths)
        script_src = " ".join(["'self'", *(f"'{h}'" for h in scripts)])
        style_src = "'self' 'unsafe-inline'" if docs else " ".join(["'self'", *(f"'{h}'" for h in styles)])
        return (
            f"default-src 'self'; script-src {script_src}; style-src {style_src}; img-src 'self' data: blob:; "
            "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ).encode()

    def hashes(self, body: bytes) -> tuple[list[str], list[str]]:
        scripts, styles = self.hashes_of(body)
        return scripts, list(dict.fromkeys([*self.frame_styles, *styles]))

    @classmethod
    def hashes_of(cls, body: bytes) -> tuple[list[str], list[str]]:
        """The CSP hashes (`sha256-...`) of a page's inline scripts and of its inline styles."""
        scripts: list[str] = []
        styles: list[str] = []
        for m in cls._INLINE.finditer(body):
            kind, attrs, content = m.group(1).lower(), m.group(2), m.group(3)
            if kind == b"script" and cls._SRC.search(attrs):
                continue  # loaded from its URL, allowed by 'self'
            digest = "sha256-" + base64.b64encode(hashlib.sha256(content).digest()).decode()
            (scripts if kind == b"script" else styles).append(digest)
        return scripts, styles

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        start: Message | None = None
        held: list[bytes] = []
        size = 0
        holding = False

        def with_headers(message: Message, policy: bytes) -> Message:
            headers = [
                (k, v)
                for k, v in message.get("headers", [])
                if k.lower() not in (b"content-security-policy", *(name for name, _ in self.BASE))
            ]
            headers += [*self.BASE, (b"content-security-policy", policy)]
            return {**message, "headers": headers}

        async def send_secured(message: Message) -> None:
            nonlocal start, size, holding
            if message["type"] == "http.response.start":
                ctype = dict(message.get("headers", [])).get(b"content-type", b"")
                if ctype.lower().startswith(b"text/html"):
                    start, holding = message, True  # the policy needs the page: hold it until its end
                    return
                await send(with_headers(message, self.NOT_A_PAGE))
                return
            if message["type"] == "http.response.body" and holding and start is not None:
                held.append(message.get("body", b""))
                size += len(held[-1])
                more = message.get("more_body", False)
                if more and size <= self.HTML_BUFFER:
                    return
                body = b"".join(held)
                scripts, styles = self.hashes(body) if not more else ([], list(self.frame_styles))
                holding = False
                await send(with_headers(start, self.page_policy(path, scripts, styles)))
                await send({**message, "body": body, "more_body": more})
                return
            await send(message)

        await self.app(scope, receive, send_secured)
