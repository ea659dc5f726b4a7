"""Benchmark: projection refreshes through the Discord emulator, the projection actor vs a naive editor.

Run ``python -m bench.projections [--seconds 10]`` (``DATABASE_URL`` = an admin DSN of a server allowed to
create databases; unset: an embedded PostgreSQL in a temporary folder). The emulator, the bot side and the
load run in this process.

Scenarios, each on a fresh emulator so its counters are the scenario's own:

- ``one``: 1,000 state changes spread evenly over ``--seconds`` on one projection;
- ``many``: 100 projections in 10 channels (10 each), each changed 10 times, all at once.

Every change commits to a bench table (``UPDATE ... version = version + 1``), then:

- ``ours`` tells the projection actor to refresh (``ProjectionOwner.refresh``; in the bot a refresh job asks
  it: coalescing, a version read before anything is rendered, paced by the route bucket, under the
  cross-process advisory lock, pool of 10 as in production);
- ``naive`` PATCHes the message with that change's render right away, like the earlier version without its
  throttle: a 429 is retried after ``retry_after`` with the same (by then possibly stale) payload, a 5xx with
  backoff, up to 5 attempts.

Messages are posted and the buckets left to reset before measuring. Per run: ``events``; ``edits``
(successful PATCHes); ``final_lag_ms`` (each projection's last change → the emulator receives the write that
shows it and nothing overwrites it; the worst projection; ``null`` when some final state never shows);
``http_429``; ``max_global_rps`` (most requests counted in one of the emulator's 1-second global windows);
``max_edits_per_projection``; ``min_edit_gap_ms`` (closest two edits of one message); ``stale_writes`` (a
write older than one already shown); ``bucket_floor_ms`` (the final lag the edit bucket forces whatever the
editor does: ``many`` needs 10 edits per channel, 5 of them only after the first window closes; each of its
two waves is 50 edits, so the process-wide 45/s pacing adds about a second on top). The last line printed
is ``{"ours": {...}, "naive": {...}}`` with the totals and each scenario under ``scenarios``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import os
import random
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import asyncpg

from bench._common import migrated_database
from features.kernel import Services, TextDisplay, V2Message
from features.kernel._guild_settings import GuildSettings
from features.kernel.testing import projection_owner
from gateway import AiohttpDiscordRest
from gateway.emulator import DiscordEmulator
from gateway.projection import ProjectionKind, Snapshot, Stamp
from store import Connection

KIND = "bench_board"
CHANNELS = 10
PER_CHANNEL = 10
CHANGES_EACH = 10
EVENTS_ONE = 1000
POOL_SIZE = 10
#: Discord's (and the emulator's) message edit bucket: 5 edits per 5 s per channel.
EDIT_LIMIT, EDIT_WINDOW_S = 5, 5.0
#: Longest wait for the last writes to land after the last change.
SETTLE_S = 40.0
_VERSION = re.compile(r"state (\d+)")
_MESSAGE_PATH = re.compile(r"^/channels/(\d+)/messages/(\d+)$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bench_board (
    entity_id text PRIMARY KEY, channel_id text NOT NULL, version bigint NOT NULL DEFAULT 0
)
"""


def _render(entity_id: str, version: int) -> dict[str, Any]:
    return V2Message(components=(TextDisplay(content=f"**{entity_id}**: state {version}"),)).to_payload()


_BOARD = "SELECT channel_id, version FROM bench_board WHERE entity_id = $1"


async def _version(conn: Connection, guild_id: str, entity_id: str) -> Stamp | None:
    row = await conn.fetchrow(_BOARD, entity_id)
    return None if row is None else Stamp(channel_id=row["channel_id"], version=row["version"])


async def _load(services: Services, conn: Connection, settings: GuildSettings, entity_id: str) -> Snapshot | None:
    row = await conn.fetchrow(_BOARD, entity_id)
    if row is None:
        return None
    return Snapshot(channel_id=row["channel_id"], version=row["version"], body=_render(entity_id, row["version"]))


@dataclass
class Board:
    """One projection of the run: its entity, channel, message and the time of its last change."""

    entity_id: str
    channel_id: str
    message_id: str = ""
    version: int = 0
    last_change_at: float = 0.0


@dataclass
class World:
    """One scenario's emulator, guild, boards and database pool."""

    emu: DiscordEmulator
    guild_id: str
    pool: asyncpg.Pool
    boards: list[Board] = field(default_factory=list)

    async def change(self, board: Board) -> int:
        board.version = int(
            await self.pool.fetchval(
                "UPDATE bench_board SET version = version + 1 WHERE entity_id = $1 RETURNING version",
                board.entity_id,
            )
        )
        board.last_change_at = time.monotonic()
        return board.version


async def _open_world(pool: asyncpg.Pool, projections: int, channels: int) -> World:
    emu = DiscordEmulator(validate_schemas=os.environ.get("BENCH_VALIDATE", "1") == "1")
    emu.keep_request_log = True
    await emu.start()
    demo = emu.world.add_demo_guild()
    guild = emu.world.guilds[demo.guild_id]
    channel_ids = [demo.general_channel_id] + [
        emu.world.add_channel(guild, f"board-{i}", parent_id=demo.category_id)["id"] for i in range(1, channels)
    ]
    world = World(emu, demo.guild_id, pool)
    for i in range(projections):
        board = Board(f"b{uuid.uuid4().hex[:10]}", channel_ids[i % channels])
        await pool.execute(
            "INSERT INTO bench_board (entity_id, channel_id) VALUES ($1, $2)", board.entity_id, board.channel_id
        )
        world.boards.append(board)
    return world


# -- the naive editor --------------------------------------------------------------------------------------


class NaiveEditor:
    """Every change PATCHes at once; 429 → same payload after ``retry_after``; 5xx → backoff; 5 attempts."""

    def __init__(self, emu: DiscordEmulator, session: aiohttp.ClientSession) -> None:
        self._base = emu.api_base
        self._headers = {"Authorization": f"Bot {emu.token}"}
        self._session = session

    async def send(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        for attempt in range(1, 6):
            async with self._session.request(method, self._base + path, json=body, headers=self._headers) as resp:
                if resp.status < 300:
                    result: dict[str, Any] = await resp.json()
                    return result
                if resp.status == 429:
                    await asyncio.sleep(float((await resp.json()).get("retry_after", 1.0)))
                elif resp.status >= 500:
                    await asyncio.sleep(min(15.0, 0.4 * 2 ** (attempt - 1) + random.random() * 0.18))
                else:
                    return None
        return None


# -- measuring ---------------------------------------------------------------------------------------------


def _bucket_floor_ms(world: World) -> float:
    per_channel = max(sum(1 for b in world.boards if b.channel_id == c) for c in {b.channel_id for b in world.boards})
    return (math.ceil(per_channel / EDIT_LIMIT) - 1) * EDIT_WINDOW_S * 1000


def _measure(world: World, since: int, events: int) -> dict[str, Any]:
    """Turn the emulator's request log from index ``since`` into the numbers of a run of ``events`` changes."""
    records = list(world.emu.requests)[since:]
    writes: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for record in records:
        match = _MESSAGE_PATH.match(record.path)
        if record.method == "PATCH" and match and record.status == 200:
            found = _VERSION.search(str(record.body))
            if found:
                writes[match.group(2)].append((record.at, int(found.group(1))))
    lags: list[float | None] = []
    stale = 0
    gaps: list[float] = []
    for board in world.boards:
        history = sorted(writes.get(board.message_id, []))
        newest = 0
        for _, version in history:
            stale += version < newest
            newest = max(newest, version)
        gaps.extend(later - earlier for (earlier, _), (later, _) in zip(history, history[1:], strict=False))
        lags.append(_final_lag(history, board))
    shown = [lag for lag in lags if lag is not None]
    return {
        "events": events,
        "edits": sum(len(h) for h in writes.values()),
        "final_lag_ms": None if len(shown) < len(lags) else round(max(shown) * 1000, 1),
        "final_states_lost": len(lags) - len(shown),
        "http_429": sum(1 for r in records if r.status == 429),
        "max_global_rps": world.emu.limiter.max_global_in_window,
        "max_edits_per_projection": max((len(h) for h in writes.values()), default=0),
        "min_edit_gap_ms": round(min(gaps) * 1000, 1) if gaps else None,
        "stale_writes": stale,
        "bucket_floor_ms": _bucket_floor_ms(world),
    }


def _final_lag(history: list[tuple[float, int]], board: Board) -> float | None:
    """Seconds from the board's last change until the write that shows its final state for good."""
    if not history or history[-1][1] != board.version:
        return None
    first = len(history) - 1
    while first > 0 and history[first - 1][1] == board.version:
        first -= 1
    return max(0.0, history[first][0] - board.last_change_at)


async def _settle(world: World, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + SETTLE_S
    while not done() and time.monotonic() < deadline:  # noqa: ASYNC110 - the emulator's state has no event
        await asyncio.sleep(0.02)


def _all_shown(world: World) -> Callable[[], bool]:
    def check() -> bool:
        for board in world.boards:
            message = world.emu.world.find_message(board.message_id)
            found = _VERSION.search(str(message and message.get("components")))
            if found is None or int(found.group(1)) != board.version:
                return False
        return True

    return check


def _begin_measuring(world: World) -> int:
    world.emu.limiter.max_global_in_window = 0
    return len(world.emu.requests)


async def _changes(world: World, scenario: str, seconds: float, on_change: Callable[[Board], Any]) -> int:
    """Apply the scenario's changes; ``on_change`` is called after each commit. Returns the event count."""
    if scenario == "one":
        board = world.boards[0]
        started = time.monotonic()
        for i in range(EVENTS_ONE):
            delay = started + i * seconds / EVENTS_ONE - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            await world.change(board)
            on_change(board)
        return EVENTS_ONE

    async def change(board: Board) -> None:
        await world.change(board)
        on_change(board)

    for _ in range(CHANGES_EACH):
        # Every projection at once (many handlers committing concurrently), ten rounds of it.
        await asyncio.gather(*(change(board) for board in world.boards))
    return CHANGES_EACH * len(world.boards)


# -- the two systems ---------------------------------------------------------------------------------------


async def run_ours(world: World, scenario: str, seconds: float) -> dict[str, Any]:
    kind = ProjectionKind(name=KIND, version=_version, load=_load)
    async with (
        AiohttpDiscordRest(world.emu.token, api_base=world.emu.api_base) as rest,
        projection_owner(world.pool, rest, [kind]) as owner,
    ):
        for board in world.boards:
            await world.change(board)
            owner.refresh(KIND, world.guild_id, board.entity_id)
        await owner.system.quiesce()
        for board in world.boards:
            board.message_id = str(
                await world.pool.fetchval(
                    "SELECT message_id FROM projection_messages WHERE projection_key = $1",
                    f"{KIND}:{world.guild_id}:{board.entity_id}",
                )
            )
        await asyncio.sleep(5.5)  # every bucket window resets before measuring
        since = _begin_measuring(world)
        events = await _changes(
            world, scenario, seconds, lambda b: owner.refresh(KIND, world.guild_id, b.entity_id)
        )
        await _settle(world, _all_shown(world))
        await owner.system.quiesce()
    return _measure(world, since, events)


async def run_naive(world: World, scenario: str, seconds: float) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session:
        editor = NaiveEditor(world.emu, session)
        for board in world.boards:
            version = await world.change(board)
            posted = await editor.send(
                "POST", f"/channels/{board.channel_id}/messages", _render(board.entity_id, version)
            )
            assert posted is not None, "the naive editor could not post its message"
            board.message_id = str(posted["id"])
        await asyncio.sleep(5.5)
        since = _begin_measuring(world)
        tasks: set[asyncio.Task[Any]] = set()

        def edit(board: Board) -> None:
            path = f"/channels/{board.channel_id}/messages/{board.message_id}"
            tasks.add(asyncio.create_task(editor.send("PATCH", path, _render(board.entity_id, board.version))))

        events = await _changes(world, scenario, seconds, edit)
        if tasks:
            await asyncio.wait(tasks, timeout=SETTLE_S)
        for task in tasks:
            task.cancel()
    return _measure(world, since, events)


RUNNERS: dict[str, Callable[[World, str, float], Awaitable[dict[str, Any]]]] = {
    "ours": run_ours,
    "naive": run_naive,
}


def _totals(scenarios: dict[str, dict[str, Any]]) -> dict[str, Any]:
    runs = list(scenarios.values())
    lags = [r["final_lag_ms"] for r in runs]
    return {
        "edits": sum(r["edits"] for r in runs),
        "events": sum(r["events"] for r in runs),
        "final_lag_ms": None if None in lags else max(lags),
        "http_429": sum(r["http_429"] for r in runs),
        "max_global_rps": max(r["max_global_rps"] for r in runs),
        "scenarios": scenarios,
    }


async def run(dsn: str, seconds: float) -> dict[str, Any]:
    pool = await asyncpg.create_pool(dsn, min_size=2, max_size=POOL_SIZE)
    assert pool is not None
    await pool.execute(_SCHEMA)
    results: dict[str, dict[str, dict[str, Any]]] = {"ours": {}, "naive": {}}
    try:
        for scenario, projections, channels in (("one", 1, 1), ("many", CHANNELS * PER_CHANNEL, CHANNELS)):
            for system in ("ours", "naive"):
                world = await _open_world(pool, projections, channels)
                try:
                    metrics = await RUNNERS[system](world, scenario, seconds)
                finally:
                    await world.emu.close()
                metrics["schema_violations"] = len(world.emu.violations)
                print(json.dumps({"system": system, "scenario": scenario, **metrics}), flush=True)
                results[system][scenario] = metrics
    finally:
        await pool.close()
    return {system: _totals(scenarios) for system, scenarios in results.items()}


def main() -> None:
    """Entry point for ``python -m bench.projections``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0, help="spread of the one-projection changes")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with migrated_database("bench_projections") as dsn:
        result = asyncio.run(run(dsn, args.seconds))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
