"""A fresh guild brought to a working state with /setup alone; the draft survives restarts; the test post."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from features.kernel._guild_settings import fetch_guild_settings
from features.kernel._permissions import Permission
from features.kernel._schedule_settings import fetch_schedule_switches
from features.setup._rules import SetupAction, setup_button_id, setup_pick_id
from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance.config._support import make_channels, reply_text

pytestmark = pytest.mark.anyio


async def _open_panel(live: LiveBot, who: str = "owner") -> str:
    driver = live.driver
    rec = await driver.run_command(who, "setup start")
    text = await reply_text(driver, rec)
    panel_id = text.rsplit("/", 1)[-1]
    assert driver.emu.world.find_message(panel_id) is not None
    return panel_id


async def _pick(live: LiveBot, panel_id: str, field: str, values: list[str], who: str = "owner") -> None:
    owner = live.driver.user_id("owner")
    rec = await live.driver.select(who, panel_id, setup_pick_id(field, owner), values)
    assert await live.driver.wait_ack(rec)
    assert rec.ack_type == 7  # the panel itself was updated in place


async def test_a_fresh_guild_is_walked_through_setup_to_complete(live: LiveBot) -> None:
    driver, guild_id = live.driver, live.driver.guild_id
    tr = default_translator()
    panel_id = await _open_panel(live)
    owner = driver.user_id("owner")
    panel = driver.emu.world.find_message(panel_id)
    assert panel is not None
    complete = setup_button_id(SetupAction.COMPLETE, owner)
    assert _button(panel, complete)["disabled"] is True  # nothing chosen yet

    channels = make_channels(driver)
    for field, channel_id in channels.items():
        await _pick(live, panel_id, field, [channel_id])
    moderator = live.local.demo.moderator_role_id
    await _pick(live, panel_id, "moderator_role_id", [moderator])
    await _pick(live, panel_id, "timezone", ["Europe/Berlin"])
    panel = driver.emu.world.find_message(panel_id)
    assert panel is not None
    assert not _button(panel, complete).get("disabled", False)

    rec = await driver.click("owner", panel_id, complete)
    assert await reply_text(driver, rec) == tr.text("ru", "setup.reply.completed")

    async with live.pool.acquire() as conn:
        stored = await fetch_guild_settings(conn, guild_id)
        switches = await fetch_schedule_switches(conn, guild_id, ["weekly.raid.start", "public.post.publish"])
        rows = await conn.fetchval("SELECT count(*) FROM scheduler_settings WHERE guild_id = $1", guild_id)
    for field, channel_id in channels.items():
        assert getattr(stored, field) == channel_id
    assert stored.moderator_role_id == moderator and stored.timezone == "Europe/Berlin"
    assert stored.features == dict.fromkeys(("horoscope", "anon", "raid", "checkin", "hall", "public_post"), True)
    assert switches == {"weekly.raid.start": True, "public.post.publish": True} and rows == 8
    assert (await live.runtime.guilds.get(guild_id)) == stored  # the cache saw the write at once
    panel = driver.emu.world.find_message(panel_id)
    assert panel is not None and tr.text("ru", "setup.panel.status.saved") in str(panel)


def _button(message: dict[str, object], custom_id: str) -> dict[str, object]:
    def walk(components: object) -> dict[str, object] | None:
        for comp in components if isinstance(components, list) else []:
            if isinstance(comp, dict):
                if comp.get("custom_id") == custom_id:
                    return comp
                found = walk(comp.get("components"))
                if found is not None:
                    return found
        return None

    found = walk(message.get("components"))
    assert found is not None, custom_id
    return found


async def test_the_draft_lives_in_postgres_and_only_its_owner_edits_it(live: LiveBot) -> None:
    driver = live.driver
    panel_id = await _open_panel(live)
    channels = make_channels(driver)
    await _pick(live, panel_id, "raid_channel_id", [channels["raid_channel_id"]])
    async with live.pool.acquire() as conn:
        draft = await conn.fetchval("SELECT draft->>'raid_channel_id' FROM setup_drafts WHERE guild_id = $1",
                                    driver.guild_id)
    assert draft == channels["raid_channel_id"]

    # A second administrator cannot edit the owner's draft; the refusal names the owner.
    driver.give_role("bob", "Admin")
    owner = driver.user_id("owner")
    rec = await driver.select("bob", panel_id, setup_pick_id("hall_channel_id", owner), [channels["hall_channel_id"]])
    text = await reply_text(driver, rec)
    assert text == default_translator().text("ru", "setup.error.not_owner", owner=f"<@{owner}>")
    async with live.pool.acquire() as conn:
        hall = await conn.fetchval("SELECT draft->>'hall_channel_id' FROM setup_drafts WHERE guild_id = $1",
                                   driver.guild_id)
    assert hall is None

    # The same owner opening the wizard again keeps the draft (as after a restart: it is read from Postgres).
    again = await _open_panel(live)
    assert again != panel_id
    panel = driver.emu.world.find_message(again)
    assert panel is not None and f"<#{channels['raid_channel_id']}>" in str(panel)


async def test_test_post_goes_through_the_public_posts_job_once(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    panel_id = await _open_panel(live)
    channels = make_channels(driver)
    post_channel = channels["public_post_channel_id"]
    await _pick(live, panel_id, "public_post_channel_id", [post_channel])
    test = setup_button_id(SetupAction.TEST, driver.user_id("owner"))

    rec = await driver.click("owner", panel_id, test)
    assert await reply_text(driver, rec) == tr.text("ru", "setup.reply.test_queued", channel=f"<#{post_channel}>")
    body = tr.text("ru", "setup.test_post.body")

    async def posted() -> list[dict[str, object]]:
        while True:
            messages = [m for m in driver.channel_messages(post_channel) if m.get("content") == body]
            if messages:
                return messages
            await asyncio.sleep(0.05)

    assert len(await asyncio.wait_for(posted(), 15)) == 1
    again = await driver.click("owner", panel_id, test)
    assert await reply_text(driver, again) == tr.text("ru", "setup.reply.test_already", channel=f"<#{post_channel}>")
    async with live.pool.acquire() as conn:
        rows = await conn.fetch("SELECT status, published_message_id FROM scheduled_posts WHERE kind = 'setup_test'")
    assert [r["status"] for r in rows] == ["sent"] and rows[0]["published_message_id"] is not None
    assert len(driver.channel_messages(post_channel)) == 1


async def test_complete_refuses_a_draft_whose_channel_was_deleted(live: LiveBot, db_pool: asyncpg.Pool) -> None:
    driver, tr = live.driver, default_translator()
    panel_id = await _open_panel(live)
    channels = make_channels(driver)
    for field, channel_id in channels.items():
        await _pick(live, panel_id, field, [channel_id])
    del driver.guild.channels[channels["raid_channel_id"]]  # an admin deleted it in the client meanwhile
    rec = await driver.click("owner", panel_id, setup_button_id(SetupAction.COMPLETE, driver.user_id("owner")))
    text = await reply_text(driver, rec)
    issue = tr.text("ru", "setup.error.issue.channel_gone", setting=tr.text("ru", "setting.raid_channel_id"))
    assert text == tr.text("ru", "setup.error.cannot_complete", issues=f"- {issue}")
    assert await db_pool.fetchval("SELECT count(*) FROM guild_settings") == 0


async def test_setup_start_where_the_bot_cannot_write_says_so(live: LiveBot) -> None:
    driver = live.driver
    general = driver.default_channel_id
    driver.set_overwrite(general, "bot", deny=int(Permission.SEND_MESSAGES))
    text = await reply_text(driver, await driver.run_command("owner", "setup start"))
    assert text == default_translator().text("ru", "setup.error.cannot_post", channel=f"<#{general}>")
    assert driver.channel_messages(general) == []
