"""Pairs and duels under hostile or careless use: out-of-range input, replayed ids, a room deleted mid-duel,
and a sweep proving no internal id or traceback ever reaches a member."""

from __future__ import annotations

import asyncio
import re

import pytest

from features.duels._rules import MAX_ANSWER_LENGTH
from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance.pairs._flows import (
    answer_round,
    answer_text,
    components,
    configure,
    custom_ids,
    eventually,
    make_pair,
    round_notice,
    rows,
    setup_duel,
    text_of,
)

pytestmark = pytest.mark.anyio

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}", re.IGNORECASE)


async def _start_duel(live: LiveBot) -> None:
    channel = live.local.demo.general_channel_id
    await answer_text(live, await live.driver.run_command("owner", "duel start", {"public_channel": channel}))


@pytest.mark.parametrize("minutes", [4, 721])
async def test_a_round_length_out_of_range_is_refused_and_writes_nothing(live: LiveBot, minutes: int) -> None:
    demo = live.local.demo
    await configure(live, pair_category_id=demo.category_id, locale="en")
    await make_pair(live, "alice", "bob")
    await _start_duel(live)

    refused = await live.driver.run_command("owner", "duel round start", {"duration_minutes": minutes})
    assert await answer_text(live, refused) == "A round lasts from 5 to 720 minutes."
    assert await rows(live, "SELECT 1 FROM duel_rounds") == []
    assert await rows(live, "SELECT 1 FROM jobs WHERE name = 'duel.round.close'") == []


@pytest.mark.parametrize("answer", ["", "   \n  ", "x", "y" * (MAX_ANSWER_LENGTH + 1)])
async def test_a_blank_or_out_of_range_answer_is_refused_and_stores_nothing(live: LiveBot, answer: str) -> None:
    room_ab, _ = await setup_duel(live)
    message_id, button = round_notice(live, room_ab)
    opened = await live.driver.click("alice", message_id, button, locale="en")
    assert await live.driver.wait_ack(opened) and opened.modal is not None

    refused = await live.driver.submit_modal("alice", opened, {"answer": answer}, locale="en")
    assert await answer_text(live, refused) == f"The answer must be 2 to {MAX_ANSWER_LENGTH} characters long."
    assert await rows(live, "SELECT 1 FROM duel_submissions") == []
    # The refusal used nothing up: the same modal still takes a proper answer.
    accepted = await live.driver.submit_modal("alice", opened, {"answer": "y" * MAX_ANSWER_LENGTH}, locale="en")
    assert "accepted" in await answer_text(live, accepted)


async def test_another_pairs_answer_modal_replayed_by_a_stranger_stores_nothing(live: LiveBot) -> None:
    room_ab, _ = await setup_duel(live)
    message_id, button = round_notice(live, room_ab)
    opened = await live.driver.click("alice", message_id, button, locale="en")
    assert await live.driver.wait_ack(opened) and opened.modal is not None

    # carol belongs to another pair; she submits alice's modal (its custom id names alice's pair and round).
    forged = await live.driver.submit_modal("carol", opened, {"answer": "written by a stranger"}, locale="en")
    assert "only for the members" in await answer_text(live, forged)
    assert await rows(live, "SELECT 1 FROM duel_submissions") == []


async def test_a_round_notice_skips_a_deleted_pair_room_and_the_other_pairs_play_on(live: LiveBot) -> None:
    demo = live.local.demo
    await configure(live, pair_category_id=demo.category_id, locale="en")
    room_ab = await make_pair(live, "alice", "bob")
    room_co = await make_pair(live, "carol", "owner")
    await _start_duel(live)
    await live.driver.delete_channel(room_ab)

    started = await live.driver.run_command("owner", "duel round start", {"duration_minutes": 5})
    assert "Round #1 has started for **1** pair " in await answer_text(live, started)
    assert "accepted" in await answer_round(live, "carol", room_co, "we played on")
    assert len(await rows(live, "SELECT 1 FROM duel_rounds WHERE status = 'active'")) == 1


async def test_a_round_notice_discord_is_slow_to_take_is_on_its_way_and_posted_once(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    rooms = [await make_pair(live, "alice", "bob"), await make_pair(live, "carol", "owner")]
    await _start_duel(live)

    async def panels_and_board() -> bool:
        panels = [any(m.get("pinned") for m in driver.channel_messages(room)) for room in rooms]
        board = any(custom_ids(m, "t1:duel_board:") for m in driver.channel_messages(demo.general_channel_id))
        return all(panels) and board

    # Every other message is in place, so the one failure below falls on a notice.
    await eventually(panels_and_board, what="the pair panels and the scoreboard")
    live.local.emulator.inject(503, method="POST", template="/channels/{channel_id}/messages", times=1)
    started = await driver.run_command("owner", "duel round start", {"duration_minutes": 5})
    reply = await answer_text(live, started)
    assert "Round #1 has started for **2** pairs" in reply
    assert default_translator().text("en", "effect.reply.pending") in reply
    assert await rows(live, "SELECT 1 FROM scheduled_posts WHERE status = 'pending'") != []

    # The effects job (due one lease later) performs what is left; here it is run at once.
    services = live.runtime.services
    assert await services.effects.sweep(services, demo.guild_id, owner="job:test") is None
    title = default_translator().text("en", "duel.notice.title", round=1)
    for room in rooms:
        assert len([m for m in driver.channel_messages(room) if title in text_of(m)]) == 1, room
    assert {r["status"] for r in await rows(live, "SELECT status FROM scheduled_posts")} == {"sent"}


async def test_no_internal_id_or_traceback_reaches_a_member(live: LiveBot) -> None:
    """Every text a member sees in a whole duel (replies, notices, panels, the scoreboard) is free of UUIDs,
    hex ids and exception texts; ids live only in custom ids."""
    room_ab, room_co = await setup_duel(live)
    driver = live.driver
    await answer_round(live, "alice", room_ab, "a fine answer")
    message_id, button = round_notice(live, room_ab)
    await answer_text(live, await driver.click("carol", message_id, button, locale="en"))  # a refusal
    await answer_text(live, await driver.click("bob", message_id, button, locale="en"))  # already answered

    async def panel_and_board() -> bool:
        panels = [m for m in driver.channel_messages(room_ab) if custom_ids(m, "t1:pair_home:")]
        boards = [m for m in driver.channel_messages(live.local.demo.general_channel_id)
                  if custom_ids(m, "t1:duel_board:")]
        return bool(panels and boards)

    await eventually(panel_and_board, what="the pair panel and the scoreboard")
    board = next(m for m in driver.channel_messages(live.local.demo.general_channel_id)
                 if custom_ids(m, "t1:duel_board:"))
    for board_button in custom_ids(board, "t1:duel_board:"):
        await answer_text(live, await driver.click("carol", board["id"], board_button, locale="en"))
    await answer_text(live, await driver.run_command("owner", "duel end", locale="en"))

    world = driver.emu.world
    seen = [*(m for msgs in world.messages.values() for m in msgs.values()), *world.webhook_messages.values()]
    texts = [text_of(m) for m in seen]
    labels = [str(c.get("label", "")) for m in seen for c in components(m)]
    assert len(texts) > 10
    for text in [*texts, *labels]:
        assert not _UUID.search(text), text
        assert "Traceback" not in text and "Error" not in text, text
    assert room_co  # both rooms took part


async def test_a_member_cannot_run_or_end_rounds(live: LiveBot) -> None:
    await setup_duel(live)
    before = await rows(live, "SELECT status, version FROM duels"), await rows(live, "SELECT status FROM duel_rounds")
    for command, options in (("duel round start", {"duration_minutes": 5}), ("duel end", {})):
        refused = await live.driver.run_command("alice", command, options, locale="en")
        assert "administrator" in (await answer_text(live, refused)).lower(), command
    after = await rows(live, "SELECT status, version FROM duels"), await rows(live, "SELECT status FROM duel_rounds")
    assert after == before


async def test_two_moderators_starting_a_duel_and_a_round_at_once_make_one_of_each(live: LiveBot) -> None:
    demo, driver = live.local.demo, live.driver
    await configure(live, pair_category_id=demo.category_id, locale="en")
    await make_pair(live, "alice", "bob")
    driver.give_role("carol", "Admin")
    channel = {"public_channel": demo.general_channel_id}

    duels = await asyncio.gather(*(driver.run_command(who, "duel start", channel) for who in ("owner", "carol")))
    texts = sorted([await answer_text(live, rec) for rec in duels])
    assert "already running" in texts[0] and "already running" not in texts[1]
    assert len(await rows(live, "SELECT 1 FROM duels")) == 1

    minutes = {"duration_minutes": 5}
    starts = await asyncio.gather(*(driver.run_command(who, "duel round start", minutes) for who in ("owner", "carol")))
    texts = [await answer_text(live, rec) for rec in starts]
    assert sum("has started" in text for text in texts) == 1
    assert sum("still on" in text for text in texts) == 1, texts
    assert len(await rows(live, "SELECT 1 FROM duel_rounds")) == 1
    assert len(await rows(live, "SELECT 1 FROM jobs WHERE name = 'duel.round.close'")) == 1
    _, room_notice = round_notice(live, await _room_of(live, "alice"))
    assert room_notice  # the one round was announced


async def _room_of(live: LiveBot, who: str) -> str:
    found = await rows(live, "SELECT private_channel_id FROM pairs WHERE $1 IN (user_low, user_high)",
                       live.driver.user_id(who))
    return str(found[0]["private_channel_id"])
