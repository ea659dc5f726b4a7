"""Benchmark: how soon a partner's confirmation shows on the raid's progress card, against ``/ping`` in the same
run.

Run ``python -m bench.raids [--pairs 20]`` (``DATABASE_URL`` = an admin DSN of a server allowed to create
databases; unset: an embedded PostgreSQL in a temporary folder). One bot (actors, jobs, Discord) over a fresh
database with the raid on; ``--pairs`` pairs, each with a room; a raid started with ``/raid start``.

- ``ping``: every member runs ``/ping`` at once (the baseline: one callback, no database).
- ``claim``: one member of every pair claims one of today's quests at once (offer, claim, the prompt posted in
  the pair room as an effect before the reply).
- ``confirm``: every partner confirms at once (the cap, the progress, the prompt updated in place).
- ``card_lag_steady``: pairs confirm one after another, one a second (a lively evening); each value is the time
  from the confirmation's acknowledgement to the card showing a total that includes it.
- ``card_lag_burst``: the time from the last acknowledgement of the burst to the card showing the final total
  (one card edit can carry many confirmations; Discord allows 5 edits per 5 s per channel).

Latencies are as the emulator sees them. The last line printed is one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

from bench._common import ack_latencies, latency_summary, pairs_benchmark_main
from features.kernel import ordered_members
from gateway import ChannelSpec
from gateway.emulator import Driver, InteractionRecord, LocalDiscord, start_local_emulator

_PROGRESS = re.compile(r"\*\*(\d+) / (\d+)\*\*")
GOAL = 100_000


def _card_progress(local: LocalDiscord) -> int:
    for message in local.driver.channel_messages(local.demo.general_channel_id):
        found = _PROGRESS.search(json.dumps(message, ensure_ascii=False))
        if found:
            return int(found.group(1))
    return -1


async def _card_reaches(local: LocalDiscord, total: int) -> float:
    """Wait until the card shows at least ``total``; the monotonic time it did."""
    while _card_progress(local) < total:  # noqa: ASYNC110 - the emulator's state, polled
        await asyncio.sleep(0.005)
    return time.monotonic()


def _buttons(message: dict[str, Any] | None, prefix: str) -> list[str]:
    found = re.findall(rf'"custom_id": "({re.escape(prefix)}[^"]+)"', json.dumps(message or {}))
    return list(found)


async def _claims(driver: Driver, members: Sequence[str], pool: asyncpg.Pool) -> list[InteractionRecord]:
    listings = await asyncio.gather(*(driver.run_command(n, "raid quests", locale="en") for n in members))
    await ack_latencies(driver, listings)
    clicks = []
    for name, rec in zip(members, listings, strict=True):
        while (card := driver.original(rec)) is None or not card.get("components"):  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        clicks.append(driver.click(name, card["id"], _buttons(card, "t1:raid:claim:")[0], locale="en"))
    return list(await asyncio.gather(*clicks))


async def _prompts(
    driver: Driver, pool: asyncpg.Pool, rooms: dict[uuid.UUID, str]
) -> list[tuple[str, str, uuid.UUID]]:
    """Every pending claim's prompt: (message id, button, pair), once posted."""
    from features.raids._ids import confirm_id

    found = []
    for row in await pool.fetch("SELECT id, pair_id FROM raid_claims WHERE status = 'pending' ORDER BY id"):
        button = confirm_id(row["id"])
        while True:
            messages = [m for m in driver.channel_messages(rooms[row["pair_id"]]) if button in json.dumps(m)]
            if messages:
                found.append((messages[0]["id"], button, row["pair_id"]))
                break
            await asyncio.sleep(0.01)
    return found


async def run(dsn: str, pairs: int) -> dict[str, Any]:
    from features.kernel._guild_settings import set_guild_features, update_guild_settings
    from together._runtime import running_bot

    local = await start_local_emulator(validate_schemas=os.environ.get("BENCH_VALIDATE") == "1")
    pool = await asyncpg.create_pool(dsn, min_size=2, max_size=10)
    assert pool is not None
    results: dict[str, Any] = {"pairs": pairs}
    try:
        world, demo, driver = local.emulator.world, local.demo, local.driver
        guild = world.guilds[demo.guild_id]
        names = [f"member{i}" for i in range(4 * pairs)]
        for name in names:
            world.add_member(guild, world.add_user(name))
        async with pool.acquire() as conn:
            await update_guild_settings(conn, demo.guild_id, {"raid_channel_id": demo.general_channel_id,
                                                              "locale": "en"})
            await set_guild_features(conn, demo.guild_id, {"raid": True})
        async with running_bot(pool, dsn, local.settings) as bot:
            rooms: dict[uuid.UUID, str] = {}
            names_of: dict[uuid.UUID, tuple[str, str]] = {}
            couples = list(zip(names[::2], names[1::2], strict=True))
            for first, second in couples:
                room = await bot.rest.create_channel(
                    demo.guild_id, ChannelSpec(name=f"pair-{first}", parent_id=demo.category_id)
                )
                low, high = ordered_members(driver.user_id(first), driver.user_id(second))
                pair_id = uuid.uuid4()
                await pool.execute(
                    "INSERT INTO pairs (id, guild_id, user_low, user_high, private_channel_id)"
                    " VALUES ($1, $2, $3, $4, $5)", pair_id, demo.guild_id, low, high, room["id"],
                )
                rooms[pair_id] = room["id"]
                names_of[pair_id] = (first, second)
            await asyncio.sleep(0.5)  # the guild cache and the channel events settle
            started = await driver.run_command("owner", "raid start", {"goal": GOAL}, locale="en")
            await ack_latencies(driver, [started])
            await _card_reaches(local, 0)

            pings = await asyncio.gather(*(driver.run_command(n, "ping") for n in names[: 2 * pairs]))
            results["ping"] = latency_summary(await ack_latencies(driver, pings))

            burst, steady = couples[:pairs], couples[pairs:]
            claims = await _claims(driver, [first for first, _ in burst], pool)
            results["claim"] = latency_summary(await ack_latencies(driver, claims))
            confirms = [
                driver.click(names_of[pair_id][1], message_id, button, locale="en")
                for message_id, button, pair_id in await _prompts(driver, pool, rooms)
            ]
            done = await asyncio.gather(*confirms)
            results["confirm"] = latency_summary(await ack_latencies(driver, done))
            last_ack = time.monotonic()
            total = int(await pool.fetchval("SELECT progress_points FROM raids WHERE status = 'active'"))
            results["card_lag_burst_ms"] = round((await _card_reaches(local, total) - last_ack) * 1000, 1)

            lags = []
            await ack_latencies(driver, await _claims(driver, [first for first, _ in steady], pool))
            for message_id, button, pair_id in await _prompts(driver, pool, rooms):
                partner = names_of[pair_id][1]
                rec = await driver.click(partner, message_id, button, locale="en")
                await ack_latencies(driver, [rec])
                acked = time.monotonic()
                total = int(await pool.fetchval("SELECT progress_points FROM raids WHERE status = 'active'"))
                lags.append((await _card_reaches(local, total) - acked) * 1000)
                await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - acked)))
            results["card_lag_steady"] = latency_summary(lags)
    finally:
        await pool.close()
        await local.close()
    return results


def main() -> None:
    pairs_benchmark_main(__doc__, "bench_raids", run, default_pairs=20)


if __name__ == "__main__":
    main()
