"""A per-user cache of what every start-up would otherwise parse again: standards, rules, lexicons.

Each entry is keyed by the ncaudit and Python versions, by the path, size, inode and modification and
change times (nanoseconds) of every source file, and by the same for the engine's own modules (a pickle
holds instances of their classes), so editing, adding or removing any of them rebuilds it. Each entry also
has a slot (the checkout and the sources' paths) and replaces the older entries of its slot, so one user's
checkouts never evict each other. A one-shot run writes its entries after its output, in a detached child
(`defer_writes`, `finish`). Each entry carries the SHA-256 of its content and the type it must load as: one
changed since it was written, or of another type, is not used. The cache is an optimisation only: any
problem reading or writing it (a full disk, a read-only home, a corrupt, foreign or retyped file, a named
pipe) falls back to parsing the sources, silently. Entries are pickles, so only files in a directory
private to the user (mode 0700, owned by them, not writable by others) are ever read.

`NCAUDIT_CACHE_DIR` sets the directory (default `$XDG_CACHE_HOME/ncaudit` or `~/.cache/ncaudit`);
`NCAUDIT_CACHE=off` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from engine import __version__
from engine.core.bounded_read import read_bytes_bounded

T = TypeVar("T")


def cache_dir() -> Path | None:
    if os.environ.get("NCAUDIT_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    configured = os.environ.get("NCAUDIT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ncaudit"


_CODE = Path(__file__).resolve().parents[1]  # the engine package, every subpackage included (rglob below)
_code_stamps: dict[Path, str] = {}


def _stamp(files: Iterable[Path]) -> str:
    """Path, size, inode and the modification and change times in nanoseconds of each file. A file edited to
    the same size with its modification time put back still has a new change time (which no user can set)."""
    # abspath, not resolve(): no system call per file, and the same file is always reached the same way here
    return "".join(
        f"\0{os.path.abspath(p)}\0{(st := os.stat(p)).st_size}\0{st.st_ino}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
        for p in files
    )


def _key(kind: str, files: Iterable[Path], extra: Iterable[str]) -> str:
    code = _code_stamps.get(_CODE)
    if code is None:  # the engine's own modules: stamped once per process
        code = _code_stamps[_CODE] = _stamp(sorted(_CODE.rglob("*.py")))
    h = hashlib.sha256(f"{kind}\0{__version__}\0{sys.version}{code}{_stamp(files)}".encode())
    for e in extra:
        h.update(f"\0{e}".encode())
    return h.hexdigest()[:24]


def _slot(kind: str, files: Iterable[Path]) -> str:
    """What one entry is for, whatever its content: this checkout (the engine's path) and the source files'
    paths. A new entry replaces the older ones of its slot, so checkouts side by side never evict each other."""
    where = "\0".join([str(_CODE), *(os.path.abspath(p) for p in files)])
    return hashlib.sha256(f"{kind}\0{where}".encode()).hexdigest()[:12]


def _entry(folder: Path, kind: str, files: list[Path], extra: list[str]) -> Path:
    return folder / f"{kind}-{_slot(kind, files)}-{_key(kind, files, extra)}.pickle"


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else (pickles run code when loaded)."""
    st = path.stat()
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owner_ok and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cached(
    kind: str,
    files: Iterable[Path],
    build: Callable[[], T],
    extra: Iterable[str] = (),
    complete: Callable[[T], None] | None = None,
    of: type | None = None,
    items: type | None = None,
) -> T:
    """`build()`, or what it returned last time for the same files unchanged. `complete(value)` adds what only
    the cached copy needs (e.g. indexes a later run would otherwise build), just before it is written. An entry
    is used only if it is of type `of` (and, for a list, tuple or dict, its items or values of type `items`)."""
    files, extra = list(files), list(extra)
    found = load(kind, files, extra, of=of, items=items)
    if found is not None:
        return found  # type: ignore[return-value]  # what build() returned for the same key, of its type
    value = build()
    if complete is None:
        store(kind, files, value, extra)
    else:

        def complete_and_store() -> None:
            complete(value)
            _store(kind, files, value, extra)

        later(complete_and_store)
    return value


# An entry is MAGIC, the SHA-256 of the rest, the name of the type it must load as and a newline, then the pickle.
MAGIC = b"ncaudit-cache-2\n"
MAX_ENTRY_BYTES = 512 * 1024 * 1024


def _type_name(t: type) -> bytes:
    return f"{t.__module__}.{t.__qualname__}".encode()


def _pack(value: object) -> bytes:
    body = _type_name(type(value)) + b"\n" + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.sha256(body).digest() + body


def _unpack(data: bytes, of: type | None, items: type | None) -> object | None:
    """The value of an entry, or None: not ours, changed since it was written (the checksum), or not of the
    type it must load as (checked by name before unpickling, and again after)."""
    if not data.startswith(MAGIC):
        return None
    digest, body = data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
    if hashlib.sha256(body).digest() != digest:
        return None
    name, _, payload = body.partition(b"\n")
    if of is not None and name != _type_name(of):
        return None
    value = pickle.loads(payload)  # noqa: S301 - our own private file, its checksum verified
    if of is not None and type(value) is not of:
        return None
    if items is not None:
        members = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else ()
        if not all(isinstance(m, items) for m in members):
            return None
    return value


def load(
    kind: str,
    files: Iterable[Path] = (),
    extra: Iterable[str] = (),
    of: type | None = None,
    items: type | None = None,
) -> object | None:
    """The entry for these inputs, or None (no cache, no entry, or an entry that cannot be trusted or read: not
    private, not a regular file, changed since written, or not of type `of` with `items`)."""
    folder = cache_dir()
    if folder is None:
        return None
    with contextlib.suppress(Exception):  # a vanished source, an unreadable or foreign entry: rebuilt
        entry = _entry(folder, kind, list(files), list(extra))
        if _private(folder) and _private(entry):
            # a regular file only (a named pipe there would block for ever), bounded in size
            return _unpack(read_bytes_bounded(entry, MAX_ENTRY_BYTES), of, items)
    return None


# A one-shot run (`ncaudit check`) defers what only later runs gain from, writing entries and compiling the
# lexicon prefilter, until its output is written, and then does it in a detached child: a start that misses
# the cache costs what a start with the cache off does, and the stamps and the fork (~5 ms) more.
_PENDING: list[Callable[[], None]] = []
_DEFER = [False]


def defer_writes() -> None:
    """From now on, `store` and `later` keep their work for `finish` (a one-shot run calls this first)."""
    _DEFER[0] = True


def deferring() -> bool:
    return _DEFER[0]


def later(job: Callable[[], None]) -> None:
    """Run `job` (cache work only later runs gain from) at `finish`, or now when not deferring."""
    if _DEFER[0]:
        _PENDING.append(job)
    else:
        job()


def finish() -> None:
    """Do the deferred work after the run: in a detached child where the platform can fork and this process
    has one thread (the parent waits only for an intermediate process that exits at once), else here."""
    jobs = list(_PENDING)
    _PENDING.clear()
    _DEFER[0] = False
    if not jobs:
        return
    if not hasattr(os, "fork") or threading.active_count() != 1:
        for job in jobs:
            with contextlib.suppress(Exception):
                job()
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    pid = os.fork()
    if pid:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        return
    try:  # the intermediate child: start a session, leave its grandchild to the system, exit
        os.setsid()
        if os.fork() == 0:
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # a caller reading this run's output sees it end now
                os.dup2(devnull, fd)
            for job in jobs:
                with contextlib.suppress(Exception):
                    job()
    finally:
        os._exit(0)


def store(kind: str, files: Iterable[Path], value: object, extra: Iterable[str] = ()) -> None:
    """Keep `value` for these inputs; silently does nothing when the cache is off or cannot be written."""
    files, extra = list(files), list(extra)
    later(lambda: _store(kind, files, value, extra))


def _store(kind: str, files: list[Path], value: object, extra: list[str]) -> None:
    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(Exception):  # the cache never stands in the way of a run
        entry = _entry(folder, kind, files, extra)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_pack(value))
            os.replace(tmp, entry)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        _prune(folder, entry)


def _prune(folder: Path, entry: Path) -> None:
    """Remove the other entries of `entry`'s slot (the same kind, checkout and sources, older content)."""
    slot = entry.name.rsplit("-", 1)[0]
    for old in folder.glob(f"{slot}-*.pickle"):
        if old.name != entry.name:
            with contextlib.suppress(OSError):
                old.unlink()
