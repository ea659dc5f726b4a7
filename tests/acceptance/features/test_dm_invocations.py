"""Every slash command used from a direct message (a globally registered command works there): a localized
ephemeral "servers only" answer, never the apology, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance.config._support import reply_text

pytestmark = pytest.mark.anyio

#: Tables any of these commands may write.
TABLES = (
    "pairs", "duels", "duel_rounds", "guild_settings", "setup_drafts", "scheduler_settings",
    "mediator_say_sessions", "jobs",
)


def _commands(live: LiveBot) -> list[tuple[str, dict[str, Any]]]:
    driver, demo = live.driver, live.local.demo
    return [
        ("pair create", {"member1": driver.user_id("alice"), "member2": driver.user_id("bob")}),
        ("pair room", {}),
        ("duel start", {"public_channel": demo.general_channel_id}),
        ("duel round start", {"duration_minutes": 5}),
        ("duel end", {}),
        ("setup start", {}),
        ("admin status", {}),
        ("admin doctor", {}),
        ("admin feature enable-all", {}),
        ("admin config set", {"name": "locale", "value": "en"}),
        ("repair", {}),
        ("date", {}),
        ("say", {}),
    ]


async def _counts(live: LiveBot) -> dict[str, int]:
    async with live.pool.acquire() as conn:
        return {table: await conn.fetchval(f"SELECT count(*) FROM {table}") for table in TABLES}


@pytest.mark.parametrize("locale", ["en-US", "ru"])
async def test_a_command_from_a_dm_is_refused_in_the_members_language(live: LiveBot, locale: str) -> None:
    tr = default_translator()
    expected = tr.text("en" if locale == "en-US" else "ru", "error.guild_only")
    before = await _counts(live)
    for command, options in _commands(live):
        rec = await live.driver.run_dm_command("owner", command, options, locale=locale)
        assert rec.guild_id is None
        assert await reply_text(live.driver, rec) == expected, command
        assert rec.modal is None, command
    assert await _counts(live) == before
