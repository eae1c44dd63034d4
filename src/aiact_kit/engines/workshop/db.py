"""The results database: what differs between SQLite and PostgreSQL (a small
:class:`Dialect`), the choice of database from a URL, and :class:`Database`, the connections
of one store (one per thread, retried on a transient error).

SQL is written once with ``?`` placeholders; the dialect adapts placeholders, the id column,
transactions and which errors are transient. SQLite runs in WAL mode with a busy timeout
(:func:`sqlite_connect`, also used by the self-study progress file); PostgreSQL is reached
through psycopg 3, imported only when a ``postgresql://`` URL is given.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Self, TypeVar

from aiact_kit.engines.workshop.errors import SchemaTooNew, StoreError, StoreUnavailable
from aiact_kit.engines.workshop.migrations import MIGRATION_LOCK, MIGRATIONS, SCHEMA_VERSION
from aiact_kit.settings import DB, user_data_dir

T = TypeVar("T")


class Dialect:
    """What differs between SQLite and PostgreSQL. SQL is written with ``?`` placeholders."""

    name = "base"
    id_column = ""
    ref_type = ""
    float_type = ""
    integrity_errors: tuple[type[Exception], ...] = ()

    def connect(self) -> Any:
        raise NotImplementedError

    def sql(self, query: str) -> str:
        return query

    def transaction(self, conn: Any) -> contextlib.AbstractContextManager[None]:
        """A read-write transaction (SQLite: the write lock is taken at the start)."""
        raise NotImplementedError

    def snapshot(self, conn: Any) -> contextlib.AbstractContextManager[None]:
        """A read-only transaction in which several reads see one consistent state."""
        raise NotImplementedError

    def is_transient(self, exc: Exception) -> bool:
        return False

    def describe(self) -> str:
        return self.name


class SQLiteDialect(Dialect):
    name = "sqlite"
    id_column = "INTEGER PRIMARY KEY AUTOINCREMENT"  # ids are never reused after a delete
    ref_type = "INTEGER"
    float_type = "REAL"
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: Path, busy_timeout: float = 30.0, synchronous: str = "NORMAL"):
        if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise ValueError(f"unknown SQLite synchronous mode {synchronous!r}")
        self.path = path
        self.busy_timeout = busy_timeout
        self.synchronous = synchronous.upper()

    def connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create the folder {self.path.parent}: {exc}") from None
        try:
            return sqlite_connect(self.path, self.busy_timeout, self.synchronous)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the results file {self.path}: {exc}") from None

    @contextlib.contextmanager
    def transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no lock-upgrade deadlock
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def snapshot(self, conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN")  # a read transaction: all reads see one state of the file
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")

    def is_transient(self, exc: Exception) -> bool:
        msg = str(exc).lower()
        return isinstance(exc, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg)

    def describe(self) -> str:
        return f"sqlite:{self.path}"


def sqlite_connect(
    path: Path, busy_timeout: float = 30.0, synchronous: str = "NORMAL"
) -> sqlite3.Connection:
    """An autocommit SQLite connection in WAL mode with a busy timeout (shared with progress).

    In WAL mode with ``synchronous=NORMAL`` a committed transaction survives a crash or kill of
    the process; ``FULL`` also survives a power cut, at the cost of an fsync per commit.
    """
    conn = sqlite3.connect(
        str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    for _ in range(50):  # switching to WAL needs a moment alone with the file
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower():
                raise
            time.sleep(0.05)
    else:  # pragma: no cover - only under extreme contention
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch {path} to WAL mode (got {mode!r})")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class PostgresDialect(Dialect):
    name = "postgresql"
    id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    ref_type = "BIGINT"
    float_type = "DOUBLE PRECISION"

    def __init__(self, url: str, connect_timeout: int = 10):
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self.connect_timeout = connect_timeout
        self.integrity_errors = (psycopg.IntegrityError,)

    def connect(self) -> Any:
        try:
            return self._psycopg.connect(
                self.url, autocommit=True, connect_timeout=self.connect_timeout
            )
        except self._psycopg.Error as exc:
            raise StoreUnavailable(f"cannot connect to PostgreSQL: {exc}") from None

    def sql(self, query: str) -> str:
        return query.replace("?", "%s")

    @contextlib.contextmanager
    def transaction(self, conn: Any) -> Iterator[None]:
        with conn.transaction():
            yield

    @contextlib.contextmanager
    def snapshot(self, conn: Any) -> Iterator[None]:
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield

    def is_transient(self, exc: Exception) -> bool:
        return isinstance(exc, self._psycopg.OperationalError)

    def describe(self) -> str:
        # never show a password that may be part of the URL
        return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", self.url)


def default_url() -> str:
    """``AIACT_KIT_DB`` if set, else the results file in the user's data folder."""
    return DB.get() or str(user_data_dir() / "results.sqlite")


def make_dialect(url: str | os.PathLike[str] | None = None, **options: Any) -> Dialect:
    """The dialect for a database URL (``postgresql://...``, ``sqlite:///ABSOLUTE/PATH``) or a
    plain SQLite file path. ``options``: ``busy_timeout`` and ``synchronous`` (SQLite),
    ``connect_timeout`` (PostgreSQL)."""
    target = os.fspath(url) if url is not None else default_url()
    if not isinstance(target, str) or not target.strip():
        raise ValueError("no results database given")
    target = target.strip()
    if re.match(r"^postgres(ql)?(\+\w+)?://", target):
        target = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", target)
        pg_options = {k: v for k, v in options.items() if k == "connect_timeout"}
        return PostgresDialect(target, **pg_options)
    if target.startswith("sqlite://"):
        target = "/" + target[len("sqlite://") :].lstrip("/")
    if target == ":memory:" or "://" in target:
        raise ValueError(
            f"unsupported results database {target!r}: give a file path, sqlite:///PATH or "
            "postgresql://USER@HOST:PORT/DBNAME"
        )
    sqlite_options = {k: v for k, v in options.items() if k in ("busy_timeout", "synchronous")}
    return SQLiteDialect(Path(target).expanduser(), **sqlite_options)


class Database:
    """The connections of one store to its database: one per thread (a forked process opens
    its own), all closed by :meth:`close`. Use as a context manager."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._local = threading.local()
        self._conns: list[Any] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dialect.describe()!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _conn(self) -> Any:
        if os.getpid() != self._pid:  # forked: never share a parent's connection
            self._local = threading.local()
            self._conns = []
            self._pid = os.getpid()
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.dialect.connect()
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    def _drop_conn(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with self._lock:
                if conn in self._conns:
                    self._conns.remove(conn)
            with contextlib.suppress(Exception):
                conn.close()

    def close(self) -> None:
        """Close every connection this store opened (in any thread)."""
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(Exception):
                conn.close()
        self._local = threading.local()

    def _run(self, work: Callable[[Any], T], retries: int = 3) -> T:
        """Run ``work(conn)``; on a transient error (locked, connection lost) retry with a
        fresh connection. Only used for work that is safe to repeat."""
        for attempt in range(retries + 1):
            conn = self._conn()
            try:
                return work(conn)
            except StoreError:
                raise
            except Exception as exc:
                if not self.dialect.is_transient(exc):
                    raise
                self._drop_conn()
                if attempt == retries:
                    raise StoreUnavailable(
                        f"the results database is not available: {exc}"
                    ) from None
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _q(self, conn: Any, query: str, params: Sequence[Any] = ()) -> Any:
        return conn.execute(self.dialect.sql(query), tuple(params))

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The schema version of the database (0 for an empty database)."""

        def work(conn: Any) -> int:
            try:
                row = self._q(conn, "SELECT version FROM schema_version WHERE id = 1").fetchone()
            except Exception as exc:
                if self.dialect.is_transient(exc):
                    raise
                return 0  # no such table yet
            return int(row[0]) if row else 0

        return self._run(work)

    def upgrade(self, target: int = SCHEMA_VERSION) -> int:
        """Create the tables or upgrade an older database to ``target``; returns the version.

        Runs in one transaction (SQLite: an immediate write lock; PostgreSQL: an advisory lock),
        so processes opening a new database at the same moment do not race.
        """
        if not 0 < target <= SCHEMA_VERSION:
            raise ValueError(f"schema version must be 1..{SCHEMA_VERSION}, not {target}")

        def work(conn: Any) -> int:
            with self.dialect.transaction(conn):
                if self.dialect.name == "postgresql":
                    self._q(conn, "SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
                self._q(
                    conn,
                    "CREATE TABLE IF NOT EXISTS schema_version "
                    "(id INTEGER PRIMARY KEY, version INTEGER NOT NULL)",
                )
                row = self._q(conn, "SELECT version FROM schema_version WHERE id = 1").fetchone()
                current = int(row[0]) if row else 0
                if current > SCHEMA_VERSION:
                    raise SchemaTooNew(
                        f"the results database {self.dialect.describe()} has schema version "
                        f"{current}, newer than this kit understands ({SCHEMA_VERSION}); "
                        "update the kit"
                    )
                for version in range(current + 1, target + 1):
                    for statement in MIGRATIONS[version](self.dialect):
                        self._q(conn, statement)
                if target > current:
                    if row:
                        self._q(
                            conn, "UPDATE schema_version SET version = ? WHERE id = 1", (target,)
                        )
                    else:
                        self._q(
                            conn,
                            "INSERT INTO schema_version (id, version) VALUES (1, ?)",
                            (target,),
                        )
                return max(current, target)

        return self._run(work)


__all__ = [
    "Database",
    "Dialect",
    "PostgresDialect",
    "SQLiteDialect",
    "default_url",
    "make_dialect",
    "sqlite_connect",
]
