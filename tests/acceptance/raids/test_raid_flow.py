"""Raids end to end through the emulator: a moderator starts the week's raid, a pair claims a quest, the partner
confirms it, the card moves; races, the daily cap, old buttons and strangers each get their own answer."""

from __future__ import annotations

import asyncio
import datetime as dt

import anyio
import pytest
from click.testing import CliRunner

from features.raids._ids import claim_id
from tests._bot import LiveBot
from tests.acceptance._members import answered
from tests.acceptance.pairs._flows import answer_text, card_answer, custom_ids, eventually, rows, text_of
from tests.acceptance.raids._steps import (
    card,
    card_showing,
    claim_first_quest,
    prompt,
    raid_guild,
    start_raid,
    today,
)
from together.cli import main

pytestmark = pytest.mark.anyio


async def _prompt_text(live: LiveBot, message_id: str, text: str) -> str:
    async def probe() -> str | None:
        message = live.driver.emu.world.find_message(message_id)
        shown = text_of(message) if message is not None else ""
        return shown if text in shown else None

    return await eventually(probe, what=f"the prompt to say {text!r}")


async def test_a_claim_confirmed_by_the_partner_moves_the_card(live: LiveBot) -> None:
    room = await raid_guild(live)
    raid = await start_raid(live, goal=100)

    reply, claim = await claim_first_quest(live)
    assert "Your partner will find a confirmation request" in reply and f"<#{room}>" in reply
    message_id, button = prompt(live, room, claim["id"])
    bob = live.driver.user_id("bob")
    assert f"<@{bob}>" in text_of(live.driver.emu.world.find_message(message_id) or {})

    own = await live.driver.click("alice", message_id, button, locale="en")
    assert "your partner has to confirm" in await answer_text(live, own)
    confirmed = await live.driver.click("bob", message_id, button, locale="en")
    assert await live.driver.wait_ack(confirmed)
    points = claim["points"]
    settled = await _prompt_text(live, message_id, "to the server's raid")
    assert f"+{points} point" in settled
    assert custom_ids(live.driver.emu.world.find_message(message_id) or {}, "t1:raid:") == []  # no button left

    await card_showing(live, f"{points} / 100")
    await card_showing(live, "**1** pair has taken part")
    await _room_showing(live, room, f"Raid: {points} point")  # the Pair Home panel's raid line
    progress = await live.driver.run_command("carol", "raid progress", locale="en")
    assert f"{points} / 100" in await answer_text(live, progress)
    again = await live.driver.click("alice", *(await _listing_button(live, "alice", 0)), locale="en")
    assert "already claimed" in await answer_text(live, again)
    assert (await rows(live, "SELECT progress_points FROM raids WHERE id = $1", raid["id"]))[0] == {
        "progress_points": points
    }


async def _room_showing(live: LiveBot, room: str, text: str) -> None:
    async def probe() -> bool:
        return any(text in text_of(m) for m in live.driver.channel_messages(room))

    await eventually(probe, what=f"the pair room to show {text!r}")


async def _listing_button(live: LiveBot, who: str, index: int) -> tuple[str, str]:
    listing = await card_answer(live, await live.driver.run_command(who, "raid quests", locale="en"))
    return listing["id"], custom_ids(listing, "t1:raid:claim:")[index]


async def test_both_partners_pressing_confirm_at_once_count_the_quest_once(live: LiveBot) -> None:
    room = await raid_guild(live)
    await start_raid(live)
    _, claim = await claim_first_quest(live)
    message_id, button = prompt(live, room, claim["id"])

    presses = await asyncio.gather(
        live.driver.click("bob", message_id, button, locale="en"),
        live.driver.click("alice", message_id, button, locale="en"),
        live.driver.click("bob", message_id, button, locale="en"),
    )
    for rec in presses:
        assert await live.driver.wait_ack(rec)
    await _prompt_text(live, message_id, "to the server's raid")
    bob_first, alice, bob_second = presses
    assert "your partner has to confirm" in await answer_text(live, alice)
    # One of bob's presses settled the prompt; the other was told it already was.
    refused = await answered(live, bob_first, bob_second)
    assert len(refused) == 1 and "already been confirmed" in refused[0]
    stored = await rows(live, "SELECT status, applied FROM raid_claims")
    assert stored == [{"status": "confirmed", "applied": claim["points"]}]
    assert (await rows(live, "SELECT progress_points FROM raids"))[0]["progress_points"] == claim["points"]


async def test_the_daily_cap_reached_mid_day(live: LiveBot) -> None:
    room = await raid_guild(live)
    raid = await start_raid(live, goal=500)
    _, first = await claim_first_quest(live)
    # The pair earned 57 points earlier today: this quest (worth 5 or more) can add only the last 3.
    await live.pool.execute(
        "INSERT INTO raid_pair_days (raid_id, day_key, pair_id, points) VALUES ($1, $2, $3, 57)",
        raid["id"], first["day_key"], first["pair_id"],
    )
    message_id, button = prompt(live, room, first["id"])
    await live.driver.click("bob", message_id, button, locale="en")
    trimmed = await _prompt_text(live, message_id, "to the server's raid")
    assert "+3 points" in trimmed and f"worth {first['points']} points" in trimmed

    listing_id, second_button = await _listing_button(live, "bob", 1)
    assert "Claimed" in await answer_text(live, await live.driver.click("bob", listing_id, second_button, locale="en"))
    second = (await rows(live, "SELECT * FROM raid_claims WHERE status = 'pending'"))[0]
    message_id, button = prompt(live, room, second["id"])
    await live.driver.click("alice", message_id, button, locale="en")
    assert "no points" in await _prompt_text(live, message_id, "today's limit")
    assert (await rows(live, "SELECT status, applied FROM raid_claims WHERE id = $1", second["id"])) == [
        {"status": "capped", "applied": 0}
    ]
    assert (await rows(live, "SELECT progress_points FROM raids"))[0]["progress_points"] == 3
    await card_showing(live, "3 / 500")


async def test_old_buttons_strangers_and_bad_input_each_get_an_answer_and_write_nothing(live: LiveBot) -> None:
    room = await raid_guild(live)
    demo = live.local.demo
    not_mod = await live.driver.run_command("alice", "raid start", locale="en")
    assert "administrator" in (await answer_text(live, not_mod)).lower()  # no moderator role is configured
    too_big = await live.driver.run_command("owner", "raid start", {"goal": 100_001}, locale="en")
    assert "goal" in await answer_text(live, too_big)
    no_raid = await live.driver.run_command("alice", "raid quests", locale="en")
    assert "No raid is running" in await answer_text(live, no_raid)
    raid = await start_raid(live)
    twice = await live.driver.run_command("owner", "raid start", locale="en")
    assert f"already running: its card is in <#{demo.general_channel_id}>" in await answer_text(live, twice)

    yesterday = (dt.date.fromisoformat(today()) - dt.timedelta(days=1)).isoformat()
    old = claim_id(raid["id"], yesterday, "picnic")
    old_message = live.driver.place_message(
        room, {"components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": old}]}]}
    )
    stale = await live.driver.click("alice", old_message, old, locale="en")
    assert "earlier day's list" in await answer_text(live, stale)

    listing_id, button = await _listing_button(live, "carol", 0)  # carol is in no pair
    lonely = await live.driver.click("carol", listing_id, button, locale="en")
    assert "aren't in one yet" in await answer_text(live, lonely)

    _, claim = await claim_first_quest(live)
    message_id, confirm = prompt(live, room, claim["id"])
    stranger = await live.driver.click("owner", message_id, confirm, locale="en")
    assert "Only the pair who claimed" in await answer_text(live, stranger)
    assert await rows(live, "SELECT status FROM raid_claims") == [{"status": "pending"}]
    assert await rows(live, "SELECT count(*) AS n FROM raid_pair_days") == [{"n": 0}]


async def test_a_deleted_card_is_posted_again_once(live: LiveBot) -> None:
    room = await raid_guild(live)
    await start_raid(live)
    first = card(live)
    assert first is not None
    await live.driver.delete_message(live.local.demo.general_channel_id, first["id"])

    _, claim = await claim_first_quest(live)
    message_id, button = prompt(live, room, claim["id"])
    await live.driver.click("bob", message_id, button, locale="en")
    again = await card_showing(live, f"{claim['points']} / 100")
    assert again["id"] != first["id"]
    ended = await live.driver.run_command("owner", "raid end", locale="en")
    assert "The raid is over" in await answer_text(live, ended)
    final = await card_showing(live, "This raid is over")
    assert final["id"] == again["id"]  # edited in place, not posted a third time


async def test_the_runbooks_one_off_weekly_start(live: LiveBot, database_url: str) -> None:
    await raid_guild(live)
    guild = live.local.demo.guild_id
    runner = CliRunner(env={"DATABASE_URL": database_url})
    result = await anyio.to_thread.run_sync(
        lambda: runner.invoke(main, ["jobs", "send", "weekly.raid.start", "--guild", guild])
    )
    assert result.exit_code == 0, result.output
    await card_showing(live, "0 / 500")
    raids = await rows(live, "SELECT goal_points, started_by, channel_id FROM raids")
    assert raids == [{"goal_points": 500, "started_by": None, "channel_id": live.local.demo.general_channel_id}]
    # Sending it again in the same week starts nothing new.
    result = await anyio.to_thread.run_sync(
        lambda: runner.invoke(main, ["jobs", "send", "weekly.raid.start", "--guild", guild])
    )
    assert result.exit_code == 0, result.output

    async def both_done() -> bool:
        states = await rows(live, "SELECT state FROM jobs WHERE name = 'weekly.raid.start'")
        return len(states) == 2 and all(s["state"] == "done" for s in states)

    await eventually(both_done, what="both one-off jobs done")
    assert len(await rows(live, "SELECT 1 FROM raids")) == 1
