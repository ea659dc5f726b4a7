"""Soak: every external effect happens exactly once while bot processes are killed at random under a mixed load.

Run ``python -m bench.soak [--kills 200] [--seed 1] [--flows public_post,setup_panel] [--pace 0.4]
[--baseline-seconds 30]`` (``DATABASE_URL`` = an admin DSN of a server allowed to create databases; unset: an
embedded PostgreSQL in a temporary folder). The emulator and the load run in this process; each bot is a
``together run`` child (``tests/_soak.py`` is the driver, ``tests/_soak_audit.py`` the verdict).

Two runs, each on a database and an emulator of its own: the baseline (one process, never killed, the same
load for ``--baseline-seconds``), then ``--kills`` processes each killed at a random effect failpoint or by
SIGKILL at a random moment. A clean process then runs until every effect settled. Per run: ``kills``
(``kills_at_failpoint`` of them at a failpoint), ``effects_expected`` (outbox rows), ``effects_seen`` (sent and
in the emulator), ``doubles``, ``orphans`` (rooms no pair owns), ``missing``, ``given_up`` (failed or dead),
``longest_wait_ms`` (due → sent) and ``longest_wait_up_ms`` (the same without the time no process was up: the
restart the soak itself causes; ``waits_over_lease`` effects waited longer than ``lease_ms`` that way),
``by_kind``, ``operations`` started and ``answered`` per flow. The only line printed is the killed run's
numbers with the baseline's under ``baseline``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import asyncpg

from bench._common import admin_server, create_database, drop_database, with_database
from tests._crash import LEASE_SECONDS, crash_rig
from tests._soak import DEFAULT_FLOWS, FLOWS, soak


async def _run(dsn: str, *, kills: int, seed: int, flows: list[str], pace: float, seconds: float) -> dict[str, Any]:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=5)
    assert pool is not None
    workdir = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    try:
        async with crash_rig(pool, dsn, workdir) as rig:
            report = await soak(rig, kills=kills, seed=seed, flows=flows, pace=pace, baseline_seconds=seconds)
            violations = len(rig.local.emulator.violations)
        return {**report.as_dict(), "lease_ms": LEASE_SECONDS * 1000, "schema_violations": violations}
    finally:
        await pool.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _measure(admin: str, **options: Any) -> dict[str, Any]:
    from store import apply_migrations

    database = create_database(admin, "bench_soak")
    try:
        dsn = with_database(admin, database)
        apply_migrations(dsn)
        return asyncio.run(_run(dsn, **options))
    finally:
        drop_database(admin, database)


def main() -> None:
    """Entry point for ``python -m bench.soak``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flows", default=",".join(DEFAULT_FLOWS), help=f"comma-separated, of {', '.join(FLOWS)}")
    parser.add_argument("--pace", type=float, default=0.4, help="mean seconds between two operations")
    parser.add_argument("--baseline-seconds", type=float, default=30.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    flows = [name.strip() for name in args.flows.split(",") if name.strip()]
    unknown = sorted(set(flows) - set(FLOWS))
    if unknown:
        parser.error(f"unknown flows: {', '.join(unknown)}")
    options = {"seed": args.seed, "flows": flows, "pace": args.pace}
    with admin_server() as admin:
        baseline = _measure(admin, kills=0, seconds=args.baseline_seconds, **options)
        killed = _measure(admin, kills=args.kills, seconds=0.0, **options)
    print(json.dumps({**killed, "baseline": baseline}), flush=True)


if __name__ == "__main__":
    main()
