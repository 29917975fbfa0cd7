"""How `ncaudit serve` runs uvicorn: timeouts on slow headers, logs that cannot flood. The options it passes
(connections bounded, keep-alive, this module's protocol by name) are `Settings.uvicorn_options`."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from engine.core.settings import Settings

_header_timeout: float | None = None
_send_timeout: float | None = None


def header_timeout() -> float:
    global _header_timeout
    if _header_timeout is None:
        _header_timeout = Settings().header_timeout_seconds
    return _header_timeout


def send_timeout() -> float:
    global _send_timeout
    if _send_timeout is None:
        _send_timeout = Settings().send_timeout_seconds
    return _send_timeout


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request line and headers (uvicorn has none: half-sent
    headers held a connection forever). Armed when a connection opens and when the next request's first bytes
    arrive after a response; a client that misses it gets 408 (or, having sent nothing, a plain close).

    And a deadline for answers left unread (`NCAUDIT_SEND_TIMEOUT_SECONDS`). An answer is handed to the
    transport whole, so the request is over while its bytes wait in the worker for the client to take them;
    closing such a connection (keep-alive over) waits for them too. A client that never reads held its answer
    in the worker for ever: 300 connections that never read a 2.4 MB `.ics` held 720 MB, and repeated, a worker
    grows until the system kills it, which the supervisor only logs as "Child process died" (issue 29). While
    the transport holds more than its high-water mark (it has paused writing), the unsent bytes are checked
    every `send_timeout()` seconds; when none was taken since the last check, the connection is aborted and its
    bytes freed. A slow reader that keeps reading is never cut off."""

    _header_timer: asyncio.TimerHandle | None = None
    _send_timer: asyncio.TimerHandle | None = None
    _unsent = -1
    _got_bytes = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(header_timeout(), self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _waiting_for_headers(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def data_received(self, data: bytes) -> None:
        if self._waiting_for_headers():
            self._got_bytes = True
            self._arm()
        super().data_received(data)
        if not self._waiting_for_headers():
            self._disarm()
            self._got_bytes = False

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._stop_send_timer()
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._send_timer is None:
            self._unsent = self.transport.get_write_buffer_size()
            self._send_timer = self.loop.call_later(send_timeout(), self._check_taken)

    def resume_writing(self) -> None:
        self._stop_send_timer()
        super().resume_writing()

    def _stop_send_timer(self) -> None:
        if self._send_timer is not None:
            self._send_timer.cancel()
            self._send_timer = None

    def _check_taken(self) -> None:
        """Abort when the client took nothing since the last check; else look again after as long."""
        self._send_timer = None
        unsent = self.transport.get_write_buffer_size()
        if unsent and unsent >= self._unsent:
            self.logger.warning("dropped a connection that left %d bytes of its answer unread", unsent)
            self.transport.abort()  # the buffered bytes go with it; connection_lost follows
            return
        self._unsent = unsent
        if unsent:
            self._send_timer = self.loop.call_later(send_timeout(), self._check_taken)

    def _headers_late(self) -> None:
        self._header_timer = None
        if not self._waiting_for_headers() or self.transport.is_closing():
            return
        if self._got_bytes:
            body = f"the request headers did not arrive within {header_timeout():g} s".encode()
            self.transport.write(
                b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
                b"x-content-type-options: nosniff\r\nx-frame-options: DENY\r\n"
                b"content-security-policy: default-src 'none'; frame-ancestors 'none'\r\n"
                + f"content-length: {len(body)}\r\n\r\n".encode()
                + body
            )
        self.transport.close()


class RepeatFilter(logging.Filter):
    """Let through at most `burst` records of one kind (logger, level, message template, exception type) per
    `window` seconds, then one line saying how many were left out. Info records always pass. A worker out of
    file descriptors wrote 400,000 identical `Too many open files` lines in 30 s without it."""

    def __init__(self, burst: int = 5, window: float = 10.0) -> None:
        super().__init__()
        self.burst, self.window = burst, window
        self._seen: dict[tuple[Any, ...], list[float]] = {}  # kind -> [window start, count, left out]
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        exc = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        errno = getattr(record.exc_info[1], "errno", None) if record.exc_info else None
        kind = (record.name, record.levelno, str(record.msg)[:200], exc, errno)
        now = time.monotonic()
        with self._lock:
            entry = self._seen.get(kind)
            if entry is None or now - entry[0] > self.window:
                left_out = int(entry[2]) if entry else 0
                if len(self._seen) > 1000:
                    self._seen.clear()
                self._seen[kind] = [now, 1, 0]
                if left_out:
                    record.msg = f"{record.msg} ({left_out} more like this in the last {self.window:g} s not logged)"
                return True
            entry[1] += 1
            if entry[1] <= self.burst:
                return True
            entry[2] += 1
            return False


LOGGERS = ("asyncio", "uvicorn", "uvicorn.error", "uvicorn.access", "ncaudit.api", "ncaudit.access", "ncaudit")


def install_log_filter() -> None:
    """On every logger that can repeat itself, and on the root's handlers (records that propagate)."""
    flt = RepeatFilter()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RepeatFilter) for f in logger.filters):
            logger.addFilter(flt)
        for handler in logger.handlers:
            if not any(isinstance(f, RepeatFilter) for f in handler.filters):
                handler.addFilter(flt)
