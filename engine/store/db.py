"""Opening the store: the database URL (NCAUDIT_DATABASE_URL, else SQLite in the data folder), SQLite in WAL
mode with a busy timeout (several workers write safely), and the migrations run up to the newest, once
at a time (a file lock on SQLite, an advisory lock on PostgreSQL)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError

MIGRATIONS = Path(__file__).parent / "migrations"
DB_FILE = "ncaudit.sqlite3"
RECYCLE_S = 1800  # a pooled PostgreSQL connection older than this is replaced (idle timeouts of servers, firewalls)


def default_data_dir() -> Path:
    """`$XDG_DATA_HOME/ncaudit`, else `~/.local/share/ncaudit` (README: "The store")."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ncaudit"


def database_url(url: str | None, data_dir: str | None) -> str:
    """The URL given, else the SQLite file in the data folder (made when missing). A `postgresql://` URL uses
    the pg8000 driver unless it names one."""
    if url:
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+pg8000://" + url[len("postgresql://") :]
        return url
    folder = Path(data_dir) if data_dir else default_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DB_FILE}"


class Encoded(str):
    """A value already encoded as JSON (pydantic's `model_dump_json`, in Rust): written as it is, not encoded
    again by the standard library's `json.dumps` (which took a fifth of keeping a report)."""


def json_serializer(value: Any) -> str:
    return value if isinstance(value, Encoded) else json.dumps(value)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def open_engine(url: str) -> Engine:
    """A SQLAlchemy engine; on SQLite each connection in WAL mode, waiting up to 30 s for a writer."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, json_serializer=json_serializer
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # BEGIN IMMEDIATE: a writer takes the lock when its transaction starts, so two writers never deadlock
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        engine.dialect.supports_native_decimal = False
        _no_pysqlite_begin(engine)
        return engine
    # no pre-ping (a `SELECT 1` in a transaction: four round trips per checkout with pg8000): a connection the
    # server closed is found at checkout without a round trip (`_closed_by_server`), one found dead in use is
    # invalidated by SQLAlchemy and the store's operation runs once more (repository.retry_on_disconnect)
    engine = create_engine(url, pool_recycle=RECYCLE_S, json_serializer=json_serializer)
    event.listen(engine, "connect", _no_delay)
    event.listen(engine, "checkout", _closed_by_server)
    event.listen(engine, "handle_error", _disconnect_notice)
    # many rows in one INSERT per batch: pg8000's executemany sends a statement (a round trip) per row
    engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


def _no_delay(dbapi_connection: Any, _record: Any) -> None:
    """TCP_NODELAY on pg8000's socket (it sets none): a kept check's statement (some 40 kB) left a last partial
    segment waiting for the server's delayed ACK, some 40 ms (Nagle's algorithm; bench/store.py)."""
    sock = getattr(dbapi_connection, "_usock", None)
    if isinstance(sock, socket.socket) and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Raise DisconnectionError (the pool then opens a new connection) when an idle pooled connection's socket
    has something to read: an idle connection is sent nothing unless the server ends it (its FATAL notice on
    `pg_terminate_backend`, a restart or an idle timeout, then end of file). A poll, no round trip."""
    sock = getattr(dbapi_connection, "_usock", None)
    if not isinstance(sock, socket.socket):
        return
    if sock.fileno() < 0:
        raise DisconnectionError("the connection's socket is closed")
    poller = select.poll()  # not select.select: no limit on the descriptor's number
    poller.register(sock, select.POLLIN)
    if poller.poll(0):
        raise DisconnectionError("the server closed this pooled connection")


# SQLSTATEs of a session the server ended: 57P01 admin shutdown (`pg_terminate_backend`, a fast shutdown), 57P02
# crash shutdown, 57P03 cannot connect now, and class 08 (connection exceptions)
_ENDED = ("57P01", "57P02", "57P03", "08")


def ended_by_server(exc: BaseException) -> bool:
    """Whether a pg8000 error is the server's notice that it ended the session (pg8000 raises it as a plain
    DatabaseError, which SQLAlchemy's pg8000 dialect does not count as a disconnect)."""
    detail = exc.args[0] if exc.args else None
    code = detail.get("C", "") if isinstance(detail, dict) else ""
    return isinstance(code, str) and code.startswith(_ENDED)


def _disconnect_notice(context: Any) -> DBAPIError | None:
    """SQLAlchemy's `handle_error` hook: such a notice, or the socket reset under pg8000 (an OSError it lets
    through unwrapped), is a disconnect: the connection and the pool's older ones invalidated, and raised as a
    DBAPIError saying so (the store's operation then runs once more)."""
    original = context.original_exception
    if original is None:
        return None
    if ended_by_server(original):
        context.is_disconnect = True
    elif isinstance(original, OSError):
        context.is_disconnect = True
        return DBAPIError(context.statement, context.parameters, original, True, connection_invalidated=True)
    return None


def _no_pysqlite_begin(engine: Engine) -> None:
    """pysqlite's own BEGIN would come before ours; turn it off (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _autocommit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[Any]:
    """One process migrates at a time; the others wait, then find nothing to do."""
    if engine.dialect.name == "sqlite":
        path = Path(str(engine.url.database) + ".migrate.lock")
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                with engine.begin() as connection:
                    yield connection
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(3030303)"))
        yield connection


def alembic_config(connection: Any = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` (the newest by default)."""
    with _migration_lock(engine) as connection:
        command.upgrade(alembic_config(connection), revision)
