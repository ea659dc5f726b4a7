"""Refusals and the apology speak the guild's configured language, not the one Discord reports for the server."""

from __future__ import annotations

import asyncpg
import pytest

import features
from features.kernel._commands import command
from features.kernel._guild_settings import update_guild_settings
from features.kernel._host import FeatureHost
from gateway import Interaction, Responder
from gateway._handler import interaction_handler
from gateway._refusal import Refusal
from gateway.i18n import default_translator
from tests._bot import live_bot
from tests.acceptance._members import answered
from together._runtime import BotOptions

pytestmark = pytest.mark.anyio


def _install_failing(host: FeatureHost) -> None:
    """``/date`` and ``/say`` stand-ins: one refuses without a locale of its own, one crashes."""

    @interaction_handler(feature="probe", action="refuse", locale_of=host.locale_of)
    async def refuse(interaction: Interaction, responder: Responder) -> None:
        raise Refusal("error.guild_only")

    @interaction_handler(feature="probe", action="crash", locale_of=host.locale_of)
    async def crash(interaction: Interaction, responder: Responder) -> None:
        raise RuntimeError("internal detail that must not reach the member")

    host.add_command(command("date", refuse))
    host.add_command(command("say", crash))


async def test_an_english_guild_gets_english_refusals_and_apologies(
    db_pool: asyncpg.Pool, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(features, "INSTALLERS", (_install_failing,))
    tr = default_translator()
    async with live_bot(db_pool, database_url, BotOptions(run_cron=False)) as live:
        guild = live.driver.guild_id
        async with db_pool.acquire() as conn:
            await update_guild_settings(conn, guild, {"locale": "en"})
        live.runtime.services.guilds.invalidate(guild)
        # The emulator's demo guild reports Russian as its Discord locale.
        refused = await live.driver.run_command("alice", "date", locale="ru")
        crashed = await live.driver.run_command("alice", "say", locale="ru")
        assert await answered(live, refused) == [tr.text("en", "error.guild_only")]
        assert await answered(live, crashed) == [tr.text("en", "error.interaction_failed")]
