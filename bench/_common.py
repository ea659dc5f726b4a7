"""What the benchmarks share: the PostgreSQL server they run on, their fresh databases, percentiles and
acknowledgement latencies.

A benchmark takes ``DATABASE_URL`` (an admin DSN of a server allowed to create databases) or, when it is unset,
starts an embedded PostgreSQL in a temporary folder for the run; each measured system gets a database of its
own with a generated name.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import tempfile
import uuid
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

if TYPE_CHECKING:
    from gateway.emulator import Driver, InteractionRecord


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


@contextmanager
def migrated_database(prefix: str) -> Iterator[str]:
    """A fresh database with every migration applied, on the benchmark's server; its DSN (dropped on exit)."""
    from store import apply_migrations

    with admin_server() as admin:
        database = create_database(admin, prefix)
        try:
            dsn = with_database(admin, database)
            apply_migrations(dsn)
            yield dsn
        finally:
            drop_database(admin, database)


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank over ``len - 1``); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def latency_summary(values_ms: Sequence[float]) -> dict[str, float]:
    """Count, p50, p95, max and mean of latencies in milliseconds, rounded to 0.1 ms."""
    ordered = sorted(values_ms)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)

    return {"n": len(ordered), "p50_ms": pct(50), "p95_ms": pct(95), "max_ms": round(ordered[-1], 1),
            "mean_ms": round(statistics.fmean(ordered), 1)}


async def ack_latencies(driver: Driver, recs: Sequence[InteractionRecord]) -> list[float]:
    """Wait for every interaction's acknowledgement; their latencies in milliseconds as the emulator saw them."""
    results = await asyncio.gather(*(driver.wait_ack(rec) for rec in recs))
    assert all(results), "an interaction was not acknowledged within 3 s"
    return [(rec.ack_latency or 0.0) * 1000 for rec in recs]


def pairs_benchmark_main(
    doc: str | None, prefix: str, run: Callable[[str, int], Coroutine[Any, Any, dict[str, Any]]], *, default_pairs: int
) -> None:
    """The entry point of a benchmark over ``--pairs`` pairs: ``run(dsn, pairs)`` on a migrated database of its
    own, its result printed as one JSON line."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--pairs", type=int, default=default_pairs)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with migrated_database(prefix) as dsn:
        print(json.dumps(asyncio.run(run(dsn, args.pairs))), flush=True)
