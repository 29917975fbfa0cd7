"""Pure ASGI middleware: request ids with an access log line, and a body limit enforced while streaming."""

from __future__ import annotations

import asyncio
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
    (uvicorn has no body timeout). An oversized body is read to its end (up to `drain` bytes, within the
    timeout) before the 413 is sent, so a client that sends the whole body before reading, as Python's
    http.client does, sees the 413 instead of a connection reset.
    """

    def __init__(self, app: ASGIApp, limit: int, timeout: float = 30.0, drain: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.timeout = timeout
        self.drain = drain if drain is not None else max(4 * limit, 8 * 1024 * 1024)

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
