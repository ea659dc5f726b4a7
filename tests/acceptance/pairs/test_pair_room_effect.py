"""``/pair create`` when its room effect cannot be done at once: Discord refuses the channel for good, or fails in
a way a retry may fix. Nothing is left half-made either way, and creating the pair again makes one room."""

from __future__ import annotations

import pytest

from features.kernel._permissions import Permission
from gateway.i18n import default_translator
from telemetry import FAILPOINT_ENV
from tests._bot import LiveBot
from tests.acceptance.pairs._flows import answer_text, configure

pytestmark = pytest.mark.anyio

TR = default_translator()


def _rooms(live: LiveBot) -> list[str]:
    demo = live.local.demo
    return [c["id"] for c in live.driver.channels(parent_id=demo.category_id) if c["id"] != demo.general_channel_id]


async def _effects(live: LiveBot) -> list[str]:
    rows = await live.pool.fetch("SELECT status FROM scheduled_posts WHERE kind = 'pair_room'")
    return [row["status"] for row in rows]


async def _pairs(live: LiveBot) -> list[str]:
    return [str(row["private_channel_id"]) for row in await live.pool.fetch("SELECT private_channel_id FROM pairs")]


async def test_a_room_discord_refuses_is_given_up_and_made_once_when_created_again(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    members = {"member1": driver.user_id("alice"), "member2": driver.user_id("bob")}
    # Discord takes Manage Channels from the bot while the bot's cache still shows it: the check before the
    # deferral passes, the channel creation is refused.
    bot_role = next(r for r in driver.guild.roles.values() if r["name"] == "Together")
    granted = int(bot_role["permissions"])
    bot_role["permissions"] = str(granted & ~int(Permission.MANAGE_CHANNELS))

    refused = await answer_text(live, await driver.run_command("owner", "pair create", members))

    assert refused == TR.text("en", "pair.reply.cannot_create_room")
    assert await _effects(live) == ["failed"]  # no retry can help: given up at once
    assert await _pairs(live) == [] and _rooms(live) == []  # nothing half-made

    bot_role["permissions"] = str(granted)  # an admin gave the permission back
    created = await answer_text(live, await driver.run_command("owner", "pair create", members))

    [room] = _rooms(live)
    assert await _pairs(live) == [room] and room in created
    assert await _effects(live) == ["sent"]  # the same effect, queued again


async def test_a_room_discord_is_slow_to_make_is_promised_and_made_once_when_created_again(
    live: LiveBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    members = {"member1": driver.user_id("alice"), "member2": driver.user_id("bob")}
    monkeypatch.setenv(FAILPOINT_ENV, "effect.pair_room.before_call:raise")  # a failure a retry may fix

    promised = await answer_text(live, await driver.run_command("owner", "pair create", members))

    assert promised == TR.text("en", "effect.reply.pending")
    assert await _effects(live) == ["pending"]  # its job retries it after the backstop delay
    assert await _pairs(live) == [] and _rooms(live) == []

    monkeypatch.delenv(FAILPOINT_ENV)
    # The moderator does not wait for the job: creating the pair again performs the waiting effect at once.
    created = await answer_text(live, await driver.run_command("owner", "pair create", members))

    [room] = _rooms(live)
    assert await _pairs(live) == [room] and room in created
    assert created.startswith("Pair room created")
    assert await _effects(live) == ["sent"]
