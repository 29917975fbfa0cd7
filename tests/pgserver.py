"""A throw-away PostgreSQL server for the store's tests: `initdb` a cluster in a temporary folder, start it on a
free loopback port (as `nobody` when run as root: postgres refuses root), hand out one fresh database per test,
stop and delete it all at the end. Debian's binaries (`/usr/lib/postgresql/*/bin`) or any on PATH.

No server binaries: the PostgreSQL half of the tests is skipped, unless NCAUDIT_TEST_POSTGRES=required
(CI: `.ci/run` installs Debian's postgresql), which turns that into a failure."""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "nobody", "--", *command]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TemporaryPostgres:
    """A running cluster; `database()` creates a fresh database and answers its SQLAlchemy URL."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self._names = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+pg8000://postgres@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        import pg8000.native

        name = f"t{os.getpid()}_{next(self._names)}"
        conn = pg8000.native.Connection("postgres", host="127.0.0.1", port=self.port, database="postgres")
        try:
            conn.run(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        return self.url(name)


@contextlib.contextmanager
def temporary_postgres() -> Iterator[TemporaryPostgres]:
    """Start a cluster; RuntimeError saying why when it cannot be started."""
    folder_bin = binaries()
    if folder_bin is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    folder = Path(tempfile.mkdtemp(prefix="ncaudit-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    started = False
    try:
        initdb = [str(folder_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        subprocess.run(_as_server_user([*initdb, "--no-sync"]), **run)  # type: ignore[call-overload]
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
        start = [str(folder_bin / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start"]
        subprocess.run(_as_server_user(start), **run)  # type: ignore[call-overload]
        started = True
        yield TemporaryPostgres(folder, port)
    except subprocess.SubprocessError as exc:
        output = getattr(exc, "stderr", b"") or b""
        raise RuntimeError(f"PostgreSQL could not be started: {output.decode(errors='replace')[-500:]}") from None
    finally:
        if started:
            stop = [str(folder_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            subprocess.run(_as_server_user(stop), capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
