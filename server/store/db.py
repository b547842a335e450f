"""Database access for SQLite (embedded default) and PostgreSQL (by URL).

SQL is written once with `?` placeholders; PostgreSQL gets them rewritten to `%s`. Every
connection is per thread because FastAPI runs sync routes in a thread pool.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import anyio.to_thread

T = TypeVar("T")


class IntegrityError(Exception):
    """A unique or foreign-key constraint refused the write."""


class Transaction(Protocol):
    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        """Runs `sql` once per row; returns the rows it changed, summed."""
        ...

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None: ...
    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...
    def lock(self, name: str) -> None: ...


class _SqliteTransaction:
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        try:
            return self._conn.executemany(sql, rows).rowcount
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, tuple(params))
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self.execute(sql, params).fetchone()
        return dict(row) if row is not None else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.execute(sql, params).fetchall()]

    def lock(self, name: str) -> None:
        """Serialises transactions on `name`; SQLite's write transactions already run one at a time."""


class _PostgresTransaction:
    dialect = "postgresql"

    def __init__(self, conn: Any):
        self._conn = conn

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        import psycopg

        try:
            with self._conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)
                return cur.rowcount
        except psycopg.errors.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """COPY rows into a table: PostgreSQL's fastest way in, used to stage a batch."""
        with self._conn.cursor() as cur:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        import psycopg

        try:
            return self._conn.execute(sql.replace("?", "%s"), tuple(params))
        except psycopg.errors.IntegrityError as exc:
            raise IntegrityError(str(exc)) from exc

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return list(self.execute(sql, params).fetchall())

    def lock(self, name: str) -> None:
        # READ COMMITTED lets two transactions count the same rows before either commits; a lock
        # per name held to the end of the transaction makes read-count-write steps one at a time.
        self.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))


class Database:
    def __init__(self, url: str):
        self.url = url
        self.dialect = "postgresql" if url.startswith(("postgresql://", "postgres://")) else "sqlite"
        self._local = threading.local()
        if self.dialect == "sqlite" and url != ":memory:":
            Path(url).expanduser().parent.mkdir(parents=True, exist_ok=True)

    def _connect(self) -> Any:
        conn = getattr(self._local, "conn", None)
        # A PostgreSQL connection that the server dropped (a restart, a failover) stays closed: a new
        # one then, or this thread would answer "the store does not answer" for ever after it came back.
        if conn is not None and not (self.dialect == "postgresql" and conn.closed):
            return conn
        if self.dialect == "sqlite":
            conn = sqlite3.connect(
                str(Path(self.url).expanduser()), timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
        else:
            import psycopg
            from psycopg.rows import dict_row

            conn = psycopg.connect(self.url, autocommit=True, row_factory=dict_row)
        self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Transaction]:
        """One transaction; `write=True` takes the write lock up front so that two requests
        racing on the same idempotency key or throttle row serialise instead of deadlocking."""
        conn = self._connect()
        if self.dialect == "sqlite":
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            tx: Transaction = _SqliteTransaction(conn)
            try:
                yield tx
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        else:
            with conn.transaction():
                yield _PostgresTransaction(conn)

    async def read(self, work: Callable[[Transaction], T]) -> T:
        """Runs `work` in a read transaction from async code. SQLite answers a point read in tens of
        microseconds from a local file, faster than a hop to the thread pool, so it runs inline;
        PostgreSQL waits on the network, so it goes to a worker thread."""
        return await self._run(work, write=False)

    async def write(self, work: Callable[[Transaction], T]) -> T:
        return await self._run(work, write=True)

    async def _run(self, work: Callable[[Transaction], T], *, write: bool) -> T:
        def run() -> T:
            with self.transaction(write=write) as tx:
                return work(tx)

        if self.dialect == "sqlite":
            if not write:
                # Reads need no BEGIN/COMMIT round: each statement reads a consistent snapshot.
                return work(_SqliteTransaction(self._connect()))
            return run()
        return await anyio.to_thread.run_sync(run)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
