"""Schema migrations: plain SQL files in ``migrations/`` applied with yoyo.

yoyo needs a synchronous driver (psycopg 3). Two processes that start together must not both migrate, so the
whole apply runs under a session-level advisory lock taken on a separate connection; the second process waits,
then finds nothing left to apply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final
from urllib.parse import urlsplit, urlunsplit

from store._errors import MigrationError

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent.parent / "migrations"
#: Key of the advisory lock that serialises migrations (an arbitrary constant: "TGTHR" in ASCII).
MIGRATION_LOCK_KEY: Final = 0x5447544852


def _yoyo_url(dsn: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(scheme="postgresql+psycopg"))


def _read() -> object:
    from yoyo import read_migrations

    return read_migrations(str(MIGRATIONS_DIR))


def apply_migrations(dsn: str) -> list[str]:
    """Apply every pending migration; return the ids applied. Blocking."""
    return _with_lock(dsn, rollback=False)


def rollback_migrations(dsn: str) -> list[str]:
    """Roll back every applied migration, newest first; return the ids rolled back. Blocking."""
    return _with_lock(dsn, rollback=True)


def _with_lock(dsn: str, *, rollback: bool) -> list[str]:
    import psycopg
    from yoyo import get_backend

    try:
        with psycopg.connect(dsn, autocommit=True) as lock_conn:
            lock_conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
            backend = get_backend(_yoyo_url(dsn))
            try:
                migrations = _read()
                with backend.lock():
                    if rollback:
                        todo = backend.to_rollback(migrations)
                        backend.rollback_migrations(todo)
                    else:
                        todo = backend.to_apply(migrations)
                        backend.apply_migrations(todo)
                return [m.id for m in todo]
            finally:
                backend.connection.close()
    except psycopg.Error as exc:
        raise MigrationError(f"migration failed: {exc.__class__.__name__}: {exc}") from exc
