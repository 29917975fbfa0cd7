"""A per-user cache of what every start-up would otherwise parse again: standards, rules, lexicons.

Each entry is keyed by the ncaudit and Python versions, by the path, size and modification time of every
source file, and by the same for the engine's own modules (a pickle holds instances of their classes), so
editing, adding or removing any of them rebuilds it. The cache is an optimisation only:
any problem reading or writing it (a full disk, a read-only home, a corrupt or foreign file) falls back to
parsing the sources, silently. Entries are pickles, so only files in a directory private to the user
(mode 0700, owned by them, not writable by others) are ever read.

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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from engine import __version__

T = TypeVar("T")
_KEEP = 4  # entries kept per kind: enough for a few configurations side by side


def cache_dir() -> Path | None:
    if os.environ.get("NCAUDIT_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    configured = os.environ.get("NCAUDIT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ncaudit"


_CODE = Path(__file__).resolve().parent
_code_stamps: dict[Path, str] = {}


def _stamp(files: Iterable[Path]) -> str:
    # abspath, not resolve(): no system call per file, and the same file is always reached the same way here
    return "".join(f"\0{os.path.abspath(p)}\0{(st := os.stat(p)).st_size}\0{st.st_mtime_ns}" for p in files)


def _key(kind: str, files: Iterable[Path], extra: Iterable[str]) -> str:
    code = _code_stamps.get(_CODE)
    if code is None:  # the engine's own modules: stamped once per process
        code = _code_stamps[_CODE] = _stamp(sorted(_CODE.rglob("*.py")))
    h = hashlib.sha256(f"{kind}\0{__version__}\0{sys.version}{code}{_stamp(files)}".encode())
    for e in extra:
        h.update(f"\0{e}".encode())
    return h.hexdigest()[:24]


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else (pickles run code when loaded)."""
    st = path.stat()
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owner_ok and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cached(kind: str, files: Iterable[Path], build: Callable[[], T], extra: Iterable[str] = ()) -> T:
    """`build()`, or what it returned last time for the same files unchanged."""
    files, extra = list(files), list(extra)
    found = load(kind, files, extra)
    if found is not None:
        return found  # type: ignore[return-value]  # what build() returned for the same key
    value = build()
    store(kind, files, value, extra)
    return value


def load(kind: str, files: Iterable[Path] = (), extra: Iterable[str] = ()) -> object | None:
    """The entry for these inputs, or None (no cache, no entry, or an entry that cannot be trusted or read)."""
    folder = cache_dir()
    if folder is None:
        return None
    with contextlib.suppress(Exception):  # a vanished source, an unreadable or foreign entry: rebuilt
        entry = folder / f"{kind}-{_key(kind, files, extra)}.pickle"
        if _private(folder) and _private(entry):
            with entry.open("rb") as fh:
                return pickle.load(fh)  # type: ignore[no-any-return]  # noqa: S301 - our own private file
    return None


def store(kind: str, files: Iterable[Path], value: object, extra: Iterable[str] = ()) -> None:
    """Keep `value` for these inputs; silently does nothing when the cache is off or cannot be written."""
    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(Exception):  # the cache never stands in the way of a run
        entry = folder / f"{kind}-{_key(kind, files, extra)}.pickle"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        _prune(folder, kind)


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
