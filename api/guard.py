"""A request's CPU time, capped: one client cannot hold a worker.

A watchdog thread measures the CPU time of each guarded thread (Linux: the thread's own CPU clock; elsewhere
wall time) and, past the budget, raises `CheckTooCostly` in that thread at its next Python bytecode (a C call
such as one regex search finishes first: the lexicons' patterns are linear, a few ms on the longest field).
Whoever started the guard turns it into a clear answer; locks and sessions are released by the `with` and
`finally` blocks the exception passes through."""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class CheckTooCostly(BaseException):  # noqa: N818 - BaseException: no `except Exception` in the engine swallows it
    """Raised inside a guarded call that used up its CPU budget."""


class _Guard:
    __slots__ = ("tid", "clock", "start", "budget", "done", "fired")

    def __init__(self, budget: float) -> None:
        self.tid = threading.get_ident()
        try:
            self.clock: int | None = time.pthread_getcpuclockid(self.tid)
            self.start = time.clock_gettime(self.clock)
        except (AttributeError, OSError):  # not Linux: wall time
            self.clock, self.start = None, time.monotonic()
        self.budget = budget
        self.done = False
        self.fired = False

    def used(self) -> float:
        if self.clock is None:
            return time.monotonic() - self.start
        return time.clock_gettime(self.clock) - self.start


_lock = threading.Lock()
_active: set[_Guard] = set()
_wake = threading.Condition(_lock)
_watchdog: threading.Thread | None = None


def _set_async_exc(tid: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(exc) if exc else None)


def _watch() -> None:
    with _lock:
        while True:
            while not _active:
                _wake.wait()
            for guard in list(_active):
                try:
                    over = guard.used() > guard.budget
                except OSError:  # the thread is gone
                    over = False
                if over and not guard.done and not guard.fired:
                    guard.fired = True
                    _set_async_exc(guard.tid, CheckTooCostly)
            _wake.wait(0.02)


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise `CheckTooCostly` in this thread once the block has used `seconds` of its CPU time."""
    global _watchdog
    guard = _Guard(seconds)
    with _lock:
        if _watchdog is None or not _watchdog.is_alive():
            _watchdog = threading.Thread(target=_watch, name="ncaudit-cpu-watchdog", daemon=True)
            _watchdog.start()
        _active.add(guard)
        _wake.notify()
    landed = False
    try:
        yield
    except CheckTooCostly:
        landed = True
        raise
    finally:
        with _lock:
            guard.done = True
            _active.discard(guard)
            if guard.fired and not landed:
                _land_here()  # fired after the work ended: it must not land later, in other code


def _land_here() -> None:
    """Let a pending CheckTooCostly land, now, and drop it. Clearing it with PyThreadState_SetAsyncExc(id, NULL)
    instead leaves the interpreter's "asynchronous exception pending" flag set for good (CPython 3.11 sets it
    even when clearing, and only a delivered exception resets it): after one refusal, any profiled or traced
    code (cProfile, coverage) then hung for ever in that process."""
    try:
        for _ in range(1000):  # the pending exception is delivered at a loop's backward jump
            pass
    except CheckTooCostly:
        pass


def bounded(seconds: float, fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` within a CPU budget; `CheckTooCostly` when it runs over (also if it lands just after)."""
    try:
        with cpu_budget(seconds):
            return fn(*args)
    except CheckTooCostly:
        raise CheckTooCostly() from None
