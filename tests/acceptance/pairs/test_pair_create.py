"""``/pair create`` and ``/pair room`` end to end through the emulator."""

from __future__ import annotations

import asyncio

import interactions
import pytest

from features.kernel._permissions import Permission
from tests._bot import LiveBot
from tests.acceptance.pairs._flows import answer_text, configure, eventually, make_moderator, text_of

pytestmark = pytest.mark.anyio

VIEW = int(Permission.VIEW_CHANNEL)
SEND = int(Permission.SEND_MESSAGES)


async def _panel(live: LiveBot, room: str) -> dict[str, object] | None:
    """The room's Pair Home panel, once it is there."""
    return next((m for m in live.driver.channel_messages(room) if "Pair Home" in text_of(m)), None)


async def _pair_rows(live: LiveBot) -> list[dict[str, object]]:
    async with live.pool.acquire() as conn:
        return [dict(r) for r in await conn.fetch("SELECT * FROM pairs")]


async def test_a_moderator_creates_a_private_room_for_two_other_members(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, moderator_role_id=demo.moderator_role_id)
    make_moderator(live, "carol")
    alice, bob = driver.user_id("alice"), driver.user_id("bob")

    rec = await driver.run_command("carol", "pair create", {"member1": alice, "member2": bob})
    text = await answer_text(live, rec)

    rows = await _pair_rows(live)
    assert len(rows) == 1
    room = str(rows[0]["private_channel_id"])
    assert room in text and alice in text and bob in text
    assert {rows[0]["user_low"], rows[0]["user_high"]} == {alice, bob}  # carol is not in the pair
    channel = next(c for c in driver.channels(parent_id=demo.category_id) if c["id"] == room)
    assert channel["name"].startswith("pair-")
    for member in ("alice", "bob", demo.members["bot"]):
        assert driver.permissions(member, room) & (VIEW | SEND) == VIEW | SEND, member
    assert driver.permissions("owner", room) & VIEW  # the guild owner is an administrator
    carol = driver.permissions("carol", room)
    assert carol & VIEW and not carol & SEND  # the moderator role reads, never writes

    again = await driver.run_command("owner", "pair create", {"member1": bob, "member2": alice})
    assert room in await answer_text(live, again)
    assert len(await _pair_rows(live)) == 1
    assert len(driver.channels(parent_id=demo.category_id)) == 2  # #general and the one room


async def test_two_moderators_racing_create_one_room(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, moderator_role_id=demo.moderator_role_id)
    make_moderator(live, "carol")
    alice, bob = driver.user_id("alice"), driver.user_id("bob")

    first, second = await asyncio.gather(
        driver.run_command("carol", "pair create", {"member1": alice, "member2": bob}),
        driver.run_command("owner", "pair create", {"member1": bob, "member2": alice}),
    )
    texts = [await answer_text(live, first), await answer_text(live, second)]

    rows = await _pair_rows(live)
    assert len(rows) == 1
    assert all(str(rows[0]["private_channel_id"]) in text for text in texts)
    assert len(driver.channels(parent_id=demo.category_id)) == 2  # no orphan room


async def test_refusals_write_nothing(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    alice, bob = driver.user_id("alice"), driver.user_id("bob")

    not_configured = await driver.run_command("owner", "pair create", {"member1": alice, "member2": bob}, locale="en")
    assert "категори" in (await answer_text(live, not_configured)).lower()  # the guild speaks Russian

    await configure(live, pair_category_id=demo.category_id, locale="en")
    member = await driver.run_command("alice", "pair create", {"member1": alice, "member2": bob})
    assert "administrator" in (await answer_text(live, member)).lower()
    same = await driver.run_command("owner", "pair create", {"member1": alice, "member2": alice})
    assert "two different" in await answer_text(live, same)
    bot = await driver.run_command("owner", "pair create", {"member1": alice, "member2": demo.members["bot"]})
    assert "bot" in (await answer_text(live, bot)).lower()

    assert await _pair_rows(live) == []
    assert len(driver.channels(parent_id=demo.category_id)) == 1


async def test_pair_room_links_each_member_to_their_room(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    alice, bob = driver.user_id("alice"), driver.user_id("bob")
    await answer_text(live, await driver.run_command("owner", "pair create", {"member1": alice, "member2": bob}))
    room = str((await _pair_rows(live))[0]["private_channel_id"])

    assert room in await answer_text(live, await driver.run_command("bob", "pair room"))
    assert "don't have a pair room" in await answer_text(live, await driver.run_command("carol", "pair room"))


async def test_missing_bot_permissions_in_the_category_are_named(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    category = driver.guild.channels[demo.category_id]
    category["permission_overwrites"].append(
        {"id": demo.members["bot"], "type": 1, "allow": "0", "deny": str(int(Permission.MANAGE_CHANNELS))}
    )
    await live.local.emulator.gateway.dispatch("CHANNEL_UPDATE", category)

    gateway = live.runtime.gateway
    assert gateway is not None

    async def bot_sees_the_overwrite() -> bool:
        cached = gateway.client.cache.get_channel(int(demo.category_id))
        return isinstance(cached, interactions.GuildCategory) and len(cached.permission_overwrites) == 1

    await eventually(bot_sees_the_overwrite, what="the bot's cache to see the category overwrite")
    members = {"member1": driver.user_id("alice"), "member2": driver.user_id("bob")}
    rec = await driver.run_command("owner", "pair create", members)
    text = await answer_text(live, rec)
    assert "Manage Channels" in text and demo.category_id in text
    assert await _pair_rows(live) == []
    assert len(driver.channels(parent_id=demo.category_id)) == 1


async def test_a_pair_whose_room_was_deleted_gets_a_new_room_with_its_panel(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    alice, bob = driver.user_id("alice"), driver.user_id("bob")
    await answer_text(live, await driver.run_command("owner", "pair create", {"member1": alice, "member2": bob}))
    [before] = await _pair_rows(live)
    old_room = str(before["private_channel_id"])
    await eventually(lambda: _panel(live, old_room), what="the first panel")
    await driver.delete_channel(old_room)  # an admin deleted the room in the client

    again = await driver.run_command("owner", "pair create", {"member1": alice, "member2": bob})
    text = await answer_text(live, again)

    [after] = await _pair_rows(live)
    new_room = str(after["private_channel_id"])
    assert after["id"] == before["id"] and new_room != old_room  # the same pair, in a new room
    assert new_room in text and old_room not in text
    assert [c["id"] for c in driver.channels(parent_id=demo.category_id) if c["id"] != demo.general_channel_id] == [
        new_room
    ]
    for member in ("alice", "bob"):
        assert driver.permissions(member, new_room) & (VIEW | SEND) == VIEW | SEND, member

    async def pinned_panel() -> dict[str, object] | None:
        panel = await _panel(live, new_room)
        return panel if panel is not None and panel.get("pinned") else None

    # The pin is its own request, after the panel is posted.
    await eventually(pinned_panel, what="the pinned Pair Home panel in the new room")
    assert new_room in await answer_text(live, await driver.run_command("bob", "pair room"))


async def test_two_moderators_replacing_a_deleted_room_create_one(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    alice, bob = driver.user_id("alice"), driver.user_id("bob")
    await answer_text(live, await driver.run_command("owner", "pair create", {"member1": alice, "member2": bob}))
    await driver.delete_channel(str((await _pair_rows(live))[0]["private_channel_id"]))
    driver.give_role("carol", "Admin")

    first, second = await asyncio.gather(
        driver.run_command("carol", "pair create", {"member1": alice, "member2": bob}),
        driver.run_command("owner", "pair create", {"member1": bob, "member2": alice}),
    )
    texts = [await answer_text(live, first), await answer_text(live, second)]

    [pair] = await _pair_rows(live)
    assert all(str(pair["private_channel_id"]) in text for text in texts)
    assert len(driver.channels(parent_id=demo.category_id)) == 2  # #general and the one new room


async def test_someone_outside_the_server_cannot_be_paired(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    stranger = driver.emu.world.add_user("stranger")  # a Discord user, not a member of this server

    rec = await driver.run_command("owner", "pair create", {"member1": driver.user_id("alice"), "member2": stranger})
    text = await answer_text(live, rec)
    assert f"<@{stranger}>" in text and "server" in text
    assert await _pair_rows(live) == []
    assert len(driver.channels(parent_id=demo.category_id)) == 1


async def test_a_deferred_reply_naming_the_members_pings_nobody(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    alice, bob = driver.user_id("alice"), driver.user_id("bob")
    rec = await driver.run_command("owner", "pair create", {"member1": alice, "member2": bob})
    text = await answer_text(live, rec)
    assert f"<@{alice}>" in text  # the created-room reply mentions both members...

    edits = [r for r in driver.emu.requests if r.method == "PATCH" and rec.token in r.path]
    assert edits and all(r.body["allowed_mentions"] == {"parse": []} for r in edits)  # ...without pinging them
