"""End to end: a feature declares a projection, the running bot keeps its one message showing the latest state."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

import features
from features.kernel._host import FeatureHost
from gateway.emulator import start_local_emulator
from gateway.projection import ACTOR_KIND, ProjectionKind, Projections, request_refresh
from tests._bot import live_bot
from tests._projection import Boards, shown_version
from together._runtime import BotOptions

pytestmark = pytest.mark.anyio


async def _refresh(pool: asyncpg.Pool, kind: ProjectionKind, guild: str, entity: str) -> None:
    """What a feature's change does in its transaction: enqueue the projection's refresh job."""
    async with pool.acquire() as conn, conn.transaction():
        await request_refresh(conn, [kind.ref(guild, entity)], reason="test")


async def _jobs_done(pool: asyncpg.Pool) -> None:
    async with asyncio.timeout(30):
        while await pool.fetchval("SELECT count(*) FROM jobs WHERE state <> 'done'"):  # noqa: ASYNC110
            await asyncio.sleep(0.05)


async def test_a_feature_projection_is_posted_pinned_then_edited_in_place(
    db_pool: asyncpg.Pool, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = await start_local_emulator()
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    boards = Boards(channel)
    kind = boards.kind("board", pin=True)

    def install(host: FeatureHost) -> None:
        host.add_projection(kind)

    monkeypatch.setattr(features, "INSTALLERS", (install,))
    try:
        async with live_bot(db_pool, database_url, BotOptions(run_cron=False), local=local) as live:
            runtime = live.runtime
            assert isinstance(runtime.services.projections, Projections)
            board = boards["duel-1"]

            board.bump()
            await _refresh(db_pool, kind, guild, "duel-1")
            await _jobs_done(db_pool)  # done means shown: nothing else to wait for
            posted = live.driver.channel_messages(channel)
            assert [shown_version(m) for m in posted] == [1]
            assert posted[0]["pinned"] is True

            for _ in range(20):
                board.bump()
                await _refresh(db_pool, kind, guild, "duel-1")
            await _jobs_done(db_pool)
            after = live.driver.channel_messages(channel)
            assert [m["id"] for m in after] == [posted[0]["id"]]
            assert shown_version(after[0]) == 21
            assert live.driver.edit_count(posted[0]["id"]) <= 3
            assert runtime.system.active_count(ACTOR_KIND) == 1

            assert runtime.projections.ref(f"no_such_kind:{guild}:x") is None  # logged, never raised
            assert runtime.system.active_count(ACTOR_KIND) == 1
    finally:
        await local.close()
