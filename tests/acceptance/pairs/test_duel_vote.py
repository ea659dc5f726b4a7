"""A duel round played to a counted result through the emulator: the moderator's question in the notice and the
modal, answers by two pairs, the close, the reveal without names, the members' votes (a self-vote refused, a
changed vote), the vote's close, the scoreboard's points and the rules button that explains them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests._bot import LiveBot
from tests.acceptance.pairs._flows import (
    answer_round,
    answer_text,
    components,
    configure,
    custom_ids,
    end_round_now,
    eventually,
    make_pair,
    round_notice,
    rows,
    text_of,
)

pytestmark = pytest.mark.anyio

QUESTION = "What made the two of you laugh this week?"
ANSWER_AB = "The cat stole our pancake"
ANSWER_CO = "Karaoke night at the neighbours"


async def _start(live: LiveBot) -> tuple[str, str]:
    demo = live.local.demo
    await configure(live, pair_category_id=demo.category_id, locale="en")
    rooms = (await make_pair(live, "alice", "bob"), await make_pair(live, "carol", "owner"))
    started = await live.driver.run_command("owner", "duel start", {"public_channel": demo.general_channel_id})
    await answer_text(live, started)
    round_rec = await live.driver.run_command(
        "owner", "duel round start", {"duration_minutes": 5, "question": f"  {QUESTION} "}
    )
    assert "Round #1 has started for **2** pairs" in await answer_text(live, round_rec)
    return rooms


def _reveal(live: LiveBot) -> dict[str, Any] | None:
    for message in live.driver.channel_messages(live.local.demo.general_channel_id):
        if custom_ids(message, "t1:duel:vote:"):
            return message
    return None


def _scoreboard(live: LiveBot) -> dict[str, Any]:
    for message in live.driver.channel_messages(live.local.demo.general_channel_id):
        if custom_ids(message, "t1:duel_board:"):
            return message
    raise AssertionError("no scoreboard")


def _vote_buttons(reveal: dict[str, Any]) -> dict[str, str]:
    """The reveal's vote buttons by the answer they vote for (read from the letters the post shows)."""
    letters = dict(re.findall(r"\*\*([A-Z]+)\.\*\* (.+)", text_of(reveal)))
    buttons = {
        c["label"].removeprefix("Vote "): c["custom_id"]
        for c in components(reveal)
        if str(c.get("custom_id", "")).startswith("t1:duel:vote:")
    }
    assert set(letters) == set(buttons) == {"A", "B"}
    return {letters[letter]: buttons[letter] for letter in letters}


async def _vote(live: LiveBot, who: str, reveal: dict[str, Any], button: str) -> str:
    return await answer_text(live, await live.driver.click(who, reveal["id"], button, locale="en"))


async def _close_vote_now(live: LiveBot) -> None:
    async with live.pool.acquire() as conn:
        await conn.execute("UPDATE duel_rounds SET votes_end_at = now() WHERE votes_end_at IS NOT NULL")
        await conn.execute("UPDATE jobs SET run_at = now() WHERE name = 'duel.round.close' AND state = 'queued'")
        await conn.execute("SELECT pg_notify('together_jobs', '* ' || extract(epoch FROM now())::text)")


async def test_a_round_is_played_from_question_to_counted_votes(live: LiveBot) -> None:
    room_ab, room_co = await _start(live)
    dave = live.driver.emu.world.add_user("dave")  # a member of the server in no pair: votes all the same
    live.driver.emu.world.add_member(live.driver.guild, dave)

    message_id, button = round_notice(live, room_ab)
    notice = next(m for m in live.driver.channel_messages(room_ab) if m["id"] == message_id)
    assert QUESTION in text_of(notice)
    opened = await live.driver.click("alice", message_id, button, locale="en")
    assert await live.driver.wait_ack(opened) and opened.modal is not None
    assert any(QUESTION in str(c.get("content", "")) for c in opened.modal["components"])  # the modal asks it too
    assert "accepted" in await answer_text(
        live, await live.driver.submit_modal("alice", opened, {"answer": ANSWER_AB}, locale="en")
    )
    assert "accepted" in await answer_round(live, "carol", room_co, ANSWER_CO)

    await end_round_now(live)
    reveal = await eventually(lambda: _async(_reveal(live)), what="the reveal post")
    shown = text_of(reveal)
    assert QUESTION in shown and ANSWER_AB in shown and ANSWER_CO in shown
    for who in ("alice", "bob", "carol", "owner"):  # no names: neither mentions nor ids
        assert live.driver.user_id(who) not in shown
    votes = _vote_buttons(reveal)

    refused = await _vote(live, "bob", reveal, votes[ANSWER_AB])
    assert "your own pair's" in refused
    assert await rows(live, "SELECT 1 FROM duel_votes") == []  # a refused vote writes nothing
    assert "is in" in await _vote(live, "bob", reveal, votes[ANSWER_CO])
    assert "is in" in await _vote(live, "dave", reveal, votes[ANSWER_AB])
    assert "Vote changed" in await _vote(live, "dave", reveal, votes[ANSWER_CO])
    assert "is in" in await _vote(live, "alice", reveal, votes[ANSWER_CO])
    assert "is in" in await _vote(live, "owner", reveal, votes[ANSWER_AB])
    assert len(await rows(live, "SELECT 1 FROM duel_votes")) == 4  # one vote per member, dave's replaced

    await _close_vote_now(live)

    async def counted() -> bool:
        found = await rows(live, "SELECT counted_at FROM duel_rounds")
        return found[0]["counted_at"] is not None

    await eventually(counted, what="the vote's close")
    assert "is over" in await _vote(live, "carol", reveal, votes[ANSWER_AB])

    async def board_counts() -> str | None:
        text = text_of(_scoreboard(live))
        return text if "1 round counted: #1" in text else None

    board = await eventually(board_counts, what="the scoreboard to count round 1")
    carol, owner, alice, bob = (f"<@{live.driver.user_id(w)}>" for w in ("carol", "owner", "alice", "bob"))
    assert f"1. {carol} and {owner}: **3** points" in board or f"1. {owner} and {carol}: **3** points" in board
    assert f"2. {alice} and {bob}: **1** point" in board or f"2. {bob} and {alice}: **1** point" in board
    assert QUESTION in board

    scoreboard = _scoreboard(live)
    (rules,) = custom_ids(scoreboard, "t1:duel_board:rules:")
    explained = await answer_text(live, await live.driver.click("bob", scoreboard["id"], rules, locale="en"))
    assert "30 minutes" in explained and "without names" in explained and "point for the pair" in explained


async def _async(value: Any) -> Any:
    return value
