"""Schema migrations: plain SQL files in the ``migrations`` package applied with yoyo.

The files are package data found through ``importlib.resources``, so an installed wheel migrates exactly as a
checkout does; finding none is an error, never an empty success.

yoyo needs a synchronous driver (psycopg 3). Two processes that start together must not both migrate, so the
whole apply runs under a session-level advisory lock taken on a separate connection; the second process waits,
then finds nothing left to apply.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import as_file, files
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from store._errors import MigrationError

#: The package whose ``*.sql`` files are the migrations: the top-level ``migrations/`` folder.
MIGRATIONS_PACKAGE: Final = "migrations"
#: Key of the advisory lock that serialises migrations (an arbitrary constant: "TGTHR" in ASCII).
MIGRATION_LOCK_KEY: Final = 0x5447544852


def _yoyo_url(dsn: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(scheme="postgresql+psycopg"))


@contextmanager
def _read(package: str) -> Iterator[Any]:
    """The package's SQL migrations, readable as files for as long as the context is open."""
    from yoyo import read_migrations
    from yoyo.migrations import MigrationList

    try:
        root = files(package)
    except ModuleNotFoundError as exc:
        raise MigrationError(f"no migrations: the package {package!r} is not installed") from exc
    with as_file(root) as folder:
        # yoyo takes every *.py file for a Python migration too; the package's __init__.py is not one.
        migrations = MigrationList([m for m in read_migrations(str(folder)) if m.path.endswith(".sql")])
        if not migrations:
            raise MigrationError(f"no migrations: no *.sql file in {folder}")
        yield migrations


def apply_migrations(dsn: str, *, package: str = MIGRATIONS_PACKAGE) -> list[str]:
    """Apply every pending migration of ``package``; return the ids applied. Blocking."""
    return _with_lock(dsn, package, rollback=False)


def rollback_migrations(dsn: str, *, package: str = MIGRATIONS_PACKAGE) -> list[str]:
    """Roll back every applied migration of ``package``, newest first; return the ids rolled back. Blocking."""
    return _with_lock(dsn, package, rollback=True)


def _with_lock(dsn: str, package: str, *, rollback: bool) -> list[str]:
    # Read first: a package without migrations fails before anything touches the database.
    with _read(package) as migrations:
        return _run_locked(dsn, migrations, rollback=rollback)


def _run_locked(dsn: str, migrations: Any, *, rollback: bool) -> list[str]:
    import psycopg
    from yoyo import get_backend

    try:
        with psycopg.connect(dsn, autocommit=True) as lock_conn:
            lock_conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
            backend = get_backend(_yoyo_url(dsn))
            try:
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
