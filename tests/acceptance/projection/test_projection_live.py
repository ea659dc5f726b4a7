"""End to end: a feature declares a projection, the running bot keeps its one message showing the latest state."""

from __future__ import annotations

import asyncpg
import pytest

import features
from features.kernel._host import FeatureHost
from gateway.emulator import start_local_emulator
from gateway.projection._model import ACTOR_KIND
from gateway.projection._projections import Projections
from tests._bot import live_bot
from tests._projection import Boards, shown_version
from together._runtime import BotOptions

pytestmark = pytest.mark.anyio


async def test_a_feature_projection_is_posted_pinned_then_edited_in_place(
    db_pool: asyncpg.Pool, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = await start_local_emulator()
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    boards = Boards(channel)

    def install(host: FeatureHost) -> None:
        host.add_projection(boards.kind("board", pin=True))

    monkeypatch.setattr(features, "INSTALLERS", (install,))
    try:
        async with live_bot(db_pool, database_url, BotOptions(run_cron=False), local=local) as live:
            runtime = live.runtime
            assert isinstance(runtime.services.projections, Projections)
            board = boards["duel-1"]

            board.bump()
            runtime.services.projections.refresh("board", guild, "duel-1")
            await runtime.system.quiesce()
            posted = live.driver.channel_messages(channel)
            assert [shown_version(m) for m in posted] == [1]
            assert posted[0]["pinned"] is True

            for _ in range(20):
                board.bump()
                runtime.services.projections.refresh("board", guild, "duel-1")
            await runtime.system.quiesce()
            after = live.driver.channel_messages(channel)
            assert [m["id"] for m in after] == [posted[0]["id"]]
            assert shown_version(after[0]) == 21
            assert live.driver.edit_count(posted[0]["id"]) <= 2
            assert runtime.system.active_count(ACTOR_KIND) == 1

            runtime.services.projections.refresh("no_such_kind", guild, "x")  # logged, never raised
            assert runtime.system.active_count(ACTOR_KIND) == 1
    finally:
        await local.close()
