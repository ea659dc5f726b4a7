"""The setup panel under two administrators and double clicks: a Complete saves exactly the draft it checked,
only while its admin still owns it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from features.setup._rules import SetupAction, setup_button_id, setup_pick_id
from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance.config._support import make_channels, reply_text, table_snapshot

pytestmark = pytest.mark.anyio


async def _panel_with_channels(live: LiveBot) -> tuple[str, dict[str, str]]:
    driver = live.driver
    panel_id = (await reply_text(driver, await driver.run_command("owner", "setup start"))).rsplit("/", 1)[-1]
    channels = make_channels(driver)
    owner = driver.user_id("owner")
    for field, channel_id in channels.items():
        rec = await driver.select("owner", panel_id, setup_pick_id(field, owner), [channel_id])
        assert await driver.wait_ack(rec)
    return panel_id, channels


def _hold_guild_reads(live: LiveBot, monkeypatch: pytest.MonkeyPatch) -> tuple[asyncio.Event, asyncio.Event]:
    """Make Complete's guild read wait: (reading, release) events around it."""
    rest = live.runtime.services.rest
    real = rest.get_guild
    reading, release = asyncio.Event(), asyncio.Event()

    async def held(guild_id: str) -> Any:
        reading.set()
        await release.wait()
        return await real(guild_id)

    monkeypatch.setattr(rest, "get_guild", held)
    return reading, release


async def test_a_draft_taken_over_during_complete_saves_nothing(
    live: LiveBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, tr = live.driver, default_translator()
    panel_id, _ = await _panel_with_channels(live)
    before = await table_snapshot(live.pool)
    reading, release = _hold_guild_reads(live, monkeypatch)

    complete = await driver.click("owner", panel_id, setup_button_id(SetupAction.COMPLETE, driver.user_id("owner")))
    await asyncio.wait_for(reading.wait(), 30)
    # Meanwhile a second administrator opens the wizard: the draft (a fresh one) is now theirs.
    driver.give_role("bob", "Admin")
    await reply_text(driver, await driver.run_command("bob", "setup start"))
    release.set()

    assert await reply_text(driver, complete) == tr.text("ru", "setup.error.panel_outdated")
    after = await table_snapshot(live.pool)
    assert after["guild_settings"] == before["guild_settings"]
    assert after["scheduler_settings"] == before["scheduler_settings"]


async def test_a_double_click_on_complete_saves_once_and_says_so_twice(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    panel_id, channels = await _panel_with_channels(live)
    complete = setup_button_id(SetupAction.COMPLETE, driver.user_id("owner"))

    clicks = await asyncio.gather(driver.click("owner", panel_id, complete), driver.click("owner", panel_id, complete))
    texts = [await reply_text(driver, rec) for rec in clicks]
    assert texts == [tr.text("ru", "setup.reply.completed")] * 2
    stored = await live.pool.fetchrow("SELECT * FROM guild_settings WHERE guild_id = $1", driver.guild_id)
    assert stored is not None and stored["raid_channel_id"] == channels["raid_channel_id"]


async def test_complete_on_an_older_panel_after_the_newer_one_was_deleted_says_saved(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    panel_id, channels = await _panel_with_channels(live)
    newer = (await reply_text(driver, await driver.run_command("owner", "setup start"))).rsplit("/", 1)[-1]
    await driver.delete_message(driver.default_channel_id, newer)  # the admin tidies the channel up

    complete = await driver.click("owner", panel_id, setup_button_id(SetupAction.COMPLETE, driver.user_id("owner")))
    assert await reply_text(driver, complete) == tr.text("ru", "setup.reply.completed")
    stored = await live.pool.fetchrow("SELECT * FROM guild_settings WHERE guild_id = $1", driver.guild_id)
    assert stored is not None and stored["raid_channel_id"] == channels["raid_channel_id"]


async def test_a_control_from_an_older_panel_format_is_called_outdated(live: LiveBot) -> None:
    """A panel posted by an earlier version may carry ids this version no longer parses: its owner is told the
    button is outdated (a localized refusal), not the generic apology."""
    driver, tr = live.driver, default_translator()
    custom_id = "t1:setup:finish:1"
    button = {"type": 2, "style": 1, "label": "Complete", "custom_id": custom_id}
    old = await live.runtime.rest.create_message(
        driver.default_channel_id, {"content": "setup", "components": [{"type": 1, "components": [button]}]}
    )
    rec = await driver.click("owner", str(old["id"]), custom_id)
    assert await reply_text(driver, rec) == tr.text("ru", "error.unknown_action")
