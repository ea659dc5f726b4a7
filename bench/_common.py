"""What the benchmarks share: the PostgreSQL server they run on, their fresh databases, and percentiles.

A benchmark takes ``DATABASE_URL`` (an admin DSN of a server allowed to create databases) or, when it is unset,
starts an embedded PostgreSQL in a temporary folder for the run; each measured system gets a database of its
own with a generated name.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg


@contextmanager
def admin_server() -> Iterator[str]:
    """``DATABASE_URL``, or an embedded PostgreSQL's admin DSN (the server is stopped and deleted on exit)."""
    configured = os.environ.get("DATABASE_URL", "").strip()
    if configured:
        yield configured
        return
    from store import start_embedded_postgres

    embedded = start_embedded_postgres(Path(tempfile.mkdtemp(prefix="bench-pg-")), delete_on_stop=True)
    try:
        yield embedded.dsn("postgres")
    finally:
        embedded.stop()


def with_database(dsn: str, database: str) -> str:
    """``dsn`` pointing at ``database`` on the same server."""
    return urlunsplit(urlsplit(dsn)._replace(path="/" + database))


def create_database(admin: str, prefix: str) -> str:
    """Create an empty database ``<prefix>_<random>`` on ``admin``'s server; its name."""
    database = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')  # a generated identifier, not input
    return database


def drop_database(admin: str, database: str) -> None:
    """Drop ``database`` (if it exists), closing its sessions."""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank over ``len - 1``); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]
