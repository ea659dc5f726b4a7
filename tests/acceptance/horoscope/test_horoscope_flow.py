"""The weekly horoscope end to end through the emulator: the card published at once and by the weekly job, its
status read without writing, a personal reading claimed twice (stored once, the same text), last week's card,
a pair reading asked by both partners at once and posted to their room once, Pair Home's button, and a
deleted card posted again once."""

from __future__ import annotations

import asyncio
import datetime as dt

import anyio
import pytest
from click.testing import CliRunner

from features.horoscope._ids import CardAction, card_id, claim_id
from features.horoscope._rules import Tone
from tests._bot import LiveBot
from tests.acceptance._members import answered
from tests.acceptance.horoscope._steps import (
    card_showing,
    cards,
    claim,
    horoscope_guild,
    open_picker,
    pick_reading,
    press,
    publish_now,
    this_week,
    updated,
)
from tests.acceptance.pairs._flows import answer_text, card_answer, custom_ids, eventually, make_pair, rows, text_of
from together.cli import main

pytestmark = pytest.mark.anyio

_TABLES = ("horoscope_signs", "horoscope_readings", "horoscope_pair_readings", "horoscope_cards")


async def _snapshot(live: LiveBot) -> dict[str, list[dict[str, object]]]:
    return {table: await rows(live, f"SELECT * FROM {table} ORDER BY 1, 2") for table in _TABLES}


def _place_button(live: LiveBot, channel: str, custom_id: str) -> str:
    """A bot message an older card left behind, with one button."""
    body = {"components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": custom_id}]}]}
    return live.driver.place_message(channel, body)


async def test_publish_now_shows_the_week_and_status_reads_without_writing(live: LiveBot) -> None:
    await horoscope_guild(live)
    demo = live.local.demo
    not_mod = await live.driver.run_command("alice", "horoscope publish-now", locale="en")
    assert "administrator" in (await answer_text(live, not_mod)).lower()
    assert cards(live) == []

    reply = await publish_now(live)
    assert f"<#{demo.general_channel_id}>" in reply and "the week of" in reply
    week = this_week(live)
    card = await card_showing(live, "Horoscope of the week")
    shown = text_of(card)
    assert f"The week of {week.day} {week.strftime('%B')}" in shown and "Theme of the week" in shown
    assert custom_ids(card, "t1:horoscope:") == [
        card_id(CardAction.READ, week), card_id(CardAction.PAIR, week), card_id(CardAction.ABOUT, week)
    ]

    before = await _snapshot(live)
    status = await answer_text(live, await live.driver.run_command("alice", "horoscope status", locale="en"))
    upcoming = week + dt.timedelta(days=7)
    assert f"Channel: <#{demo.general_channel_id}>" in status
    assert f"It is the week of {week.day} {week.strftime('%B')}" in status
    assert f"Next card: Monday, {upcoming.day} {upcoming.strftime('%B')}, 10:00 (Asia/Almaty)" in status
    assert await _snapshot(live) == before  # a read never writes

    about = await press(live, "carol", card, "t1:horoscope:about:")
    assert "not a prediction" in await answer_text(live, about)


async def test_the_weekly_job_publishes_the_card(live: LiveBot, database_url: str) -> None:
    await horoscope_guild(live)
    runner = CliRunner(env={"DATABASE_URL": database_url})
    guild = live.local.demo.guild_id
    result = await anyio.to_thread.run_sync(
        lambda: runner.invoke(main, ["jobs", "send", "weekly.horoscope.publish", "--guild", guild])
    )
    assert result.exit_code == 0, result.output
    await card_showing(live, "Horoscope of the week")
    assert len(cards(live)) == 1


async def test_a_reading_claimed_twice_is_stored_once_and_reads_the_same(live: LiveBot) -> None:
    room = await horoscope_guild(live)
    await publish_now(live)
    await card_showing(live, "Horoscope of the week")
    general = live.local.demo.general_channel_id
    posted = {channel: len(live.driver.channel_messages(channel)) for channel in (general, room)}

    first = await pick_reading(live, "alice", "leo", "direct", "jealousy")
    second = await pick_reading(live, "alice", "aries", "soft", "conflict")  # another picker, other choices
    reading = await claim(live, "alice", first)
    assert "Leo" in reading and "Jealousy, direct" in reading and "Your reading for this week is already" not in reading
    again = await claim(live, "alice", second)
    assert "Your reading for this week is already here" in again
    assert again.split("this is it.", 1)[1].strip() == reading.strip()  # the stored one, not aries/soft/conflict

    stored = await rows(live, "SELECT user_id, sign, tone, situation FROM horoscope_readings")
    alice = live.driver.user_id("alice")
    assert stored == [{"user_id": alice, "sign": "leo", "tone": "direct", "situation": "jealousy"}]
    assert await rows(live, "SELECT user_id, sign FROM horoscope_signs") == [{"user_id": alice, "sign": "leo"}]

    # The card's button now shows the stored reading straight away; nothing was sent anywhere.
    shown = await open_picker(live, "alice")
    assert reading.strip() in text_of(shown) and custom_ids(shown, "t1:horoscope:pick:") == []
    assert {channel: len(live.driver.channel_messages(channel)) for channel in (general, room)} == posted


async def test_last_weeks_card_says_the_week_is_over_and_offers_this_weeks(live: LiveBot) -> None:
    await horoscope_guild(live)
    general = live.local.demo.general_channel_id
    week = this_week(live)
    last = week - dt.timedelta(days=7)

    old_card = _place_button(live, general, card_id(CardAction.READ, last))
    stale = await live.driver.click("alice", old_card, card_id(CardAction.READ, last), locale="en")
    answer = await card_answer(live, stale)
    assert "This card is from a week that is already over" in text_of(answer)
    assert custom_ids(answer, "t1:horoscope:") == [card_id(CardAction.READ, week)]
    picker = await card_answer(live, await press(live, "alice", answer, "t1:horoscope:read:"))
    assert custom_ids(picker, f"t1:horoscope:pick:{week:%Y%m%d}:sign:")

    old_claim = claim_id(last, "virgo", Tone.SOFT, "routine")
    old_picker = _place_button(live, general, old_claim)
    pressed = await live.driver.click("alice", old_picker, old_claim, locale="en")
    await updated(live, pressed, old_picker, "a week that is already over")
    assert await rows(live, "SELECT 1 FROM horoscope_readings") == []

    forged = claim_id(week, "dragon", Tone.SOFT, "routine")
    bad = await live.driver.click("alice", _place_button(live, general, forged), forged, locale="en")
    assert "That option doesn't exist" in await answer_text(live, bad)
    assert await rows(live, "SELECT 1 FROM horoscope_readings") == []


async def test_a_pair_reading_asked_by_both_partners_at_once(live: LiveBot) -> None:
    room = await horoscope_guild(live)
    await publish_now(live)
    await card_showing(live, "Horoscope of the week")
    await claim(live, "alice", await pick_reading(live, "alice", "leo", "honest", "fine"))

    # Bob has no sign yet: he is asked for his; alice has one, so the pair's reading opens for him.
    card = cards(live)[0]
    asked = await card_answer(live, await press(live, "bob", card, "t1:horoscope:pair:"))
    assert "needs both of your signs" in text_of(asked)
    select = custom_ids(asked, "t1:horoscope:mysign:")[0]
    picked = await live.driver.select("bob", asked["id"], select, ["libra"], locale="en")
    bobs = text_of(await updated(live, picked, asked["id"], "A step for two."))
    assert "Libra" in bobs and "Leo" in bobs

    # Both press at once: one stored reading, the same text for both.
    async with live.pool.acquire() as conn:
        await conn.execute("DELETE FROM horoscope_pair_readings")
    both = await asyncio.gather(
        press(live, "alice", card, "t1:horoscope:pair:"), press(live, "bob", card, "t1:horoscope:pair:")
    )
    shown = [await card_answer(live, rec) for rec in both]
    assert text_of(shown[0]) == text_of(shown[1]) and "A step for two." in text_of(shown[0])
    stored = await rows(live, "SELECT sign_low, sign_high FROM horoscope_pair_readings")
    assert len(stored) == 1 and sorted(stored[0].values()) == ["leo", "libra"]

    # Both post it to the room at once: one message there.
    before = len(live.driver.channel_messages(room))
    shares = await asyncio.gather(
        press(live, "alice", shown[0], "t1:horoscope:share:"), press(live, "bob", shown[1], "t1:horoscope:share:")
    )
    replies = await answered(live, *shares, count=2)
    assert any("is posted in" in reply for reply in replies)
    assert any("already in" in reply for reply in replies)
    posts = [m for m in live.driver.channel_messages(room) if "A step for two." in text_of(m)]
    assert len(posts) == 1 and len(live.driver.channel_messages(room)) == before + 1
    again = await press(live, "alice", shown[0], "t1:horoscope:share:")
    assert f"already in <#{room}>" in await answer_text(live, again)

    # Pair Home offers the same reading.
    async def panel() -> dict[str, object] | None:
        found = [m for m in live.driver.channel_messages(room) if custom_ids(m, "t1:horoscope:home")]
        return found[0] if found else None

    home = await eventually(panel, what="Pair Home's horoscope button")
    assert "Horoscope of the week" in text_of(home)
    from_home = await card_answer(live, await press(live, "bob", home, "t1:horoscope:home"))
    assert text_of(from_home) == text_of(shown[0])


async def test_a_partner_without_a_sign_and_a_member_without_a_pair(live: LiveBot) -> None:
    await horoscope_guild(live)
    await make_pair(live, "carol", "owner")
    await publish_now(live)
    card = await card_showing(live, "Horoscope of the week")
    asked = await card_answer(live, await press(live, "carol", card, "t1:horoscope:pair:"))
    select = custom_ids(asked, "t1:horoscope:mysign:")[0]
    picked = await live.driver.select("carol", asked["id"], select, ["pisces"], locale="en")
    waiting = text_of(await updated(live, picked, asked["id"], "hasn't picked one yet"))
    assert f"<@{live.driver.user_id('owner')}>" in waiting
    assert await rows(live, "SELECT sign FROM horoscope_signs") == [{"sign": "pisces"}]
    assert await rows(live, "SELECT 1 FROM horoscope_pair_readings") == []

    await live.pool.execute("DELETE FROM pairs WHERE $1 IN (user_low, user_high)", live.driver.user_id("alice"))
    lonely = await press(live, "alice", card, "t1:horoscope:pair:")
    assert "you aren't in one yet" in await answer_text(live, lonely)


async def test_a_deleted_card_is_posted_again_once(live: LiveBot) -> None:
    await horoscope_guild(live)
    await publish_now(live)
    first = await card_showing(live, "Horoscope of the week")
    await live.driver.delete_message(live.local.demo.general_channel_id, first["id"])
    assert cards(live) == []

    await publish_now(live)
    again = await card_showing(live, "Horoscope of the week")
    assert again["id"] != first["id"]
    await publish_now(live)

    async def edited_in_place() -> bool:
        states = await rows(live, "SELECT state FROM jobs WHERE name = 'weekly.horoscope.publish'")
        return len(states) == 3 and all(s["state"] == "done" for s in states)

    await eventually(edited_in_place, what="all three publications done")
    assert [card["id"] for card in cards(live)] == [again["id"]]
