"""Benchmark: the mediator paths through the Discord emulator, against ``/ping`` in the same run.

Run ``python -m bench.mediator [--pairs 24]`` (``DATABASE_URL`` = an admin DSN of a server allowed to create
databases; unset: an embedded PostgreSQL in a temporary folder). One bot process (actors, jobs, Discord) over a
fresh database; ``--pairs`` pairs of new members, each with a room.

- ``ping``: every member runs ``/ping`` at once (the baseline: one callback, no database).
- ``say_submit``: every member submits the ``/say`` modal at once (guild settings, pair lookup, insert, render).
- ``say_send``: every member double-clicks "send" (two clicks at once): both acknowledged, one post per room.
- ``repair``: every pair starts ``/repair`` at once with a 1 s step; ``tick_lag`` is each tick job's finish time
  minus its due time (queue wake-up, the actor's turn with its row lock, the edit, the next enqueue).

Latencies are interaction acknowledgements as the emulator sees them. The last line printed is one JSON object.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from bench._common import ack_latencies, latency_summary, pairs_benchmark_main
from features.kernel import ordered_members
from features.mediator._ids import say_send_id
from gateway import ChannelSpec
from gateway.emulator import InteractionRecord, start_local_emulator

STEP_SECONDS = 1.0


async def _settle(count: Callable[[], Awaitable[int]], expected: int) -> None:
    """Poll the database until ``count()`` reaches ``expected`` (the work lands in another part of the bot)."""
    while await count() < expected:  # noqa: ASYNC110 - the condition lives in the database
        await asyncio.sleep(0.05)


async def run(dsn: str, pairs: int) -> dict[str, Any]:
    from together._runtime import BotOptions, running_bot

    # Schema validation of every request body is the emulator's cost, not the bot's, and it shares this
    # process's event loop: off by default (the tests keep it on). BENCH_VALIDATE=1 turns it on.
    local = await start_local_emulator(validate_schemas=os.environ.get("BENCH_VALIDATE") == "1")
    pool = await asyncpg.create_pool(dsn, min_size=2, max_size=10)
    assert pool is not None
    results: dict[str, Any] = {}
    try:
        world, demo, driver = local.emulator.world, local.demo, local.driver
        guild = world.guilds[demo.guild_id]
        names = [f"member{i}" for i in range(2 * pairs)]
        for name in names:
            world.add_member(guild, world.add_user(name))
        async with running_bot(pool, dsn, local.settings, BotOptions(repair_step_seconds=STEP_SECONDS)) as bot:
            rooms: list[str] = []
            for first, second in zip(names[::2], names[1::2], strict=True):
                members = (driver.user_id(first), driver.user_id(second))
                room = await bot.rest.create_channel(
                    demo.guild_id, ChannelSpec(name=f"pair-{first}", parent_id=demo.category_id)
                )
                low, high = ordered_members(*members)
                await pool.execute(
                    "INSERT INTO pairs (id, guild_id, user_low, user_high, private_channel_id)"
                    " VALUES ($1, $2, $3, $4, $5)", uuid.uuid4(), demo.guild_id, low, high, room["id"],
                )
                rooms.append(room["id"])

            pings = await asyncio.gather(*(driver.run_command(n, "ping") for n in names))
            results["ping"] = latency_summary(await ack_latencies(driver, pings))

            opened = await asyncio.gather(*(driver.run_command(n, "say") for n in names))
            await ack_latencies(driver, opened)
            submits = await asyncio.gather(
                *(driver.submit_modal(n, rec, {"source": f"I miss our evenings, {n}"}) for n, rec in
                  zip(names, opened, strict=True))
            )
            results["say_submit"] = latency_summary(await ack_latencies(driver, submits))
            await _settle(lambda: pool.fetchval("SELECT count(*) FROM mediator_say_sessions"), len(names))
            drafts = {r["user_id"]: r["id"] for r in await pool.fetch("SELECT user_id, id FROM mediator_say_sessions")}
            clicks: list[Awaitable[InteractionRecord]] = []
            for name, rec in zip(names, submits, strict=True):
                card = driver.original(rec)
                assert card is not None
                send = say_send_id(drafts[driver.user_id(name)])
                clicks += [driver.click(name, card["id"], send), driver.click(name, card["id"], send)]
            sends = await asyncio.gather(*clicks)
            results["say_send"] = latency_summary(await ack_latencies(driver, sends))
            await _settle(lambda: pool.fetchval(
                "SELECT count(*) FROM mediator_say_sessions WHERE sent_to_pair_at IS NOT NULL"), len(names))
            await asyncio.sleep(0.5)  # let any duplicate post land before counting
            posts = [len(driver.channel_messages(room)) for room in rooms]
            results["say_send"]["posts_per_room"] = sorted(set(posts))  # one member of each pair: 2 posts, never 3+

            starts = await asyncio.gather(
                *(driver.run_command(first, "repair", channel_id=room) for first, room in zip(names[::2], rooms,
                                                                                             strict=True))
            )
            results["repair_start"] = latency_summary(await ack_latencies(driver, starts))
            await _settle(lambda: pool.fetchval(
                "SELECT count(*) FROM mediator_repair_sessions WHERE status = 'completed'"), pairs)
            lags = await pool.fetch(
                "SELECT extract(epoch FROM updated_at - run_at) * 1000 AS lag FROM jobs"
                " WHERE name = 'mediator.repair.tick' AND state = 'done'"
            )
            results["tick_lag"] = latency_summary([float(r["lag"]) for r in lags])
    finally:
        await pool.close()
        await local.close()
    return results


def main() -> None:
    pairs_benchmark_main(__doc__, "bench_mediator", run, default_pairs=24)


if __name__ == "__main__":
    main()
