"""Duels end to end: start, a round with notices in every pair room, answers, the close job, the end."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests._bot import LiveBot
from tests.acceptance.pairs._flows import (
    answer_round,
    answer_text,
    configure,
    end_round_now,
    eventually,
    round_closed,
    round_notice,
    rows,
    setup_duel,
)

pytestmark = pytest.mark.anyio


async def test_a_full_duel(live: LiveBot) -> None:
    room_ab, room_co = await setup_duel(live)

    assert "accepted" in await answer_round(live, "alice", room_ab, "  We   cook together  ")
    assert "accepted" in await answer_round(live, "carol", room_co, "ok")
    stored = await rows(live, "SELECT answer, user_id FROM duel_submissions ORDER BY created_at")
    assert [r["answer"] for r in stored] == ["We cook together", "ok"]
    jobs = await rows(live, "SELECT run_at, coalesce_key FROM jobs WHERE name = 'duel.round.close'")
    rounds = await rows(live, "SELECT id, ends_at FROM duel_rounds")
    assert len(jobs) == 1 and jobs[0]["run_at"] == rounds[0]["ends_at"]  # due at the round's end, not before

    await end_round_now(live)
    await eventually(lambda: round_closed(live), what="the close job")
    late = await _answer_after_close(live, "bob", room_ab)
    assert "already answered" in late  # the pair's first answer counts, whatever the round state

    ended = await live.driver.run_command("owner", "duel end", locale="en")
    assert "over" in await answer_text(live, ended)
    duels = await rows(live, "SELECT status, version FROM duels")
    assert duels[0]["status"] == "ended"
    async def close_jobs() -> list[dict[str, Any]] | None:
        found = await rows(
            live,
            "SELECT state, run_at, coalesce(payload->>'phase', 'answers') AS phase FROM jobs"
            " WHERE name = 'duel.round.close' ORDER BY id",
        )
        # The answers' close job posts the reveal after its commit, then reports done.
        return found if found and found[0]["state"] == "done" else None

    done = await eventually(close_jobs, what="the answers' close job done")
    assert [(j["state"], j["phase"]) for j in done] == [("done", "answers"), ("queued", "votes")]
    # The answers were revealed and are voted on until the vote's end, when the round counts (the duel's end
    # does not cut the vote short).
    voting = await rows(live, "SELECT votes_end_at, counted_at FROM duel_rounds")
    assert done[1]["run_at"] == voting[0]["votes_end_at"] and voting[0]["counted_at"] is None


async def _answer_after_close(live: LiveBot, who: str, room: str) -> str:
    message_id, button = round_notice(live, room)
    return await answer_text(live, await live.driver.click(who, message_id, button, locale="en"))


async def test_partners_clicking_and_submitting_at_once_store_oneanswer_round(live: LiveBot) -> None:
    room_ab, _ = await setup_duel(live)
    message_id, button = round_notice(live, room_ab)

    opened = await asyncio.gather(
        live.driver.click("alice", message_id, button, locale="en"),
        live.driver.click("bob", message_id, button, locale="en"),
        live.driver.click("alice", message_id, button, locale="en"),
    )
    for rec in opened:
        assert await live.driver.wait_ack(rec) and rec.modal is not None
    sent = await asyncio.gather(
        *(live.driver.submit_modal(who, rec, {"answer": f"answer of {who}"}, locale="en")
          for who, rec in zip(("alice", "bob", "alice"), opened, strict=True))
    )
    replies = [await answer_text(live, rec) for rec in sent]

    assert sum("accepted" in r for r in replies) == 1
    assert sum("already answered" in r for r in replies) == 2
    assert len(await rows(live, "SELECT 1 FROM duel_submissions")) == 1


async def test_a_stranger_cannot_answer_for_a_pair(live: LiveBot) -> None:
    room_ab, _ = await setup_duel(live)
    message_id, button = round_notice(live, room_ab)

    refused = await live.driver.click("carol", message_id, button, locale="en")
    assert "only for the members" in await answer_text(live, refused)
    assert refused.modal is None
    assert await rows(live, "SELECT 1 FROM duel_submissions") == []


async def test_a_round_closing_while_answers_arrive_stays_consistent(live: LiveBot) -> None:
    room_ab, room_co = await setup_duel(live)
    opened = []
    for who, room in (("alice", room_ab), ("carol", room_co)):
        message_id, button = round_notice(live, room)
        rec = await live.driver.click(who, message_id, button, locale="en")
        assert await live.driver.wait_ack(rec) and rec.modal is not None
        opened.append((who, rec))

    await end_round_now(live, in_seconds=0.2)
    sent = await asyncio.gather(
        *(live.driver.submit_modal(who, rec, {"answer": "just in time?"}, locale="en") for who, rec in opened)
    )
    replies = [await answer_text(live, rec) for rec in sent]
    await eventually(lambda: round_closed(live), what="the close job")

    accepted = sum("accepted" in r for r in replies)
    assert accepted + sum("closed" in r for r in replies) == 2
    stored = await rows(
        live, "SELECT s.created_at, r.ends_at FROM duel_submissions s JOIN duel_rounds r ON r.id = s.round_id"
    )
    assert len(stored) == accepted  # every "accepted" is stored, every refusal is not
    assert all(row["created_at"] < row["ends_at"] for row in stored)  # nothing counted after the end
    closes = await rows(live, "SELECT closed_at FROM duel_rounds WHERE status = 'closed'")
    assert len(closes) == 1


async def test_moderator_only_and_bad_input_write_nothing(live: LiveBot) -> None:
    demo = live.local.demo
    await configure(live, locale="en")
    refused = await live.driver.run_command("alice", "duel start", {"public_channel": demo.general_channel_id})
    assert "administrator" in (await answer_text(live, refused)).lower()
    no_duel = await live.driver.run_command("owner", "duel round start", {"duration_minutes": 5})
    assert "no active duel" in (await answer_text(live, no_duel)).lower()
    category = await live.driver.run_command("owner", "duel start", {"public_channel": demo.category_id})
    assert "text channel" in await answer_text(live, category)
    assert await rows(live, "SELECT 1 FROM duels") == []

    first = await live.driver.run_command("owner", "duel start", {"public_channel": demo.general_channel_id})
    await answer_text(live, first)
    second = await live.driver.run_command("owner", "duel start", {"public_channel": demo.general_channel_id})
    assert "already running" in await answer_text(live, second)
    assert len(await rows(live, "SELECT 1 FROM duels")) == 1
