"""Duels end to end: start, a round with notices in every pair room, answers, the close job, the end."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests._bot import LiveBot
from tests.acceptance.pairs._flows import answer_text, configure, custom_ids, eventually

pytestmark = pytest.mark.anyio


async def _make_pair(live: LiveBot, first: str, second: str) -> str:
    driver = live.driver
    rec = await driver.run_command(
        "owner", "pair create", {"member1": driver.user_id(first), "member2": driver.user_id(second)}
    )
    await answer_text(live, rec)
    async with live.pool.acquire() as conn:
        room = await conn.fetchval(
            "SELECT private_channel_id FROM pairs WHERE $1 IN (user_low, user_high)", driver.user_id(first)
        )
    return str(room)


async def _setup_duel(live: LiveBot) -> tuple[str, str]:
    """Two pairs (alice+bob, carol+owner) and a running duel with its first 5-minute round."""
    demo = live.local.demo
    await configure(live, pair_category_id=demo.category_id, locale="en")
    rooms = (await _make_pair(live, "alice", "bob"), await _make_pair(live, "carol", "owner"))
    started = await live.driver.run_command("owner", "duel start", {"public_channel": demo.general_channel_id})
    assert demo.general_channel_id in await answer_text(live, started)
    round_rec = await live.driver.run_command("owner", "duel round start", {"duration_minutes": 5})
    assert "Round #1 has started for **2** pairs" in await answer_text(live, round_rec)
    return rooms


def _notice(live: LiveBot, room: str) -> tuple[str, str]:
    """The round notice in a pair room: its message id and answer button id."""
    for message in reversed(live.driver.channel_messages(room)):
        ids = custom_ids(message, "t1:duel:answer:")
        if ids:
            return message["id"], ids[0]
    raise AssertionError(f"no round notice in room {room}")


async def _answer(live: LiveBot, who: str, room: str, text: str) -> str:
    message_id, button = _notice(live, room)
    opened = await live.driver.click(who, message_id, button, locale="en")
    assert await live.driver.wait_ack(opened)
    assert opened.modal is not None, await answer_text(live, opened)
    submitted = await live.driver.submit_modal(who, opened, {"answer": text}, locale="en")
    return await answer_text(live, submitted)


async def _rows(live: LiveBot, sql: str, *args: Any) -> list[dict[str, Any]]:
    async with live.pool.acquire() as conn:
        return [dict(r) for r in await conn.fetch(sql, *args)]


async def _end_round_now(live: LiveBot, *, in_seconds: float = 0.0) -> None:
    """Move the open round's end (and its close job) to ``in_seconds`` from now and wake the workers."""
    async with live.pool.acquire() as conn:
        await conn.execute(
            "UPDATE duel_rounds SET started_at = now() - interval '1 minute',"
            " ends_at = now() + make_interval(secs => $1) WHERE status = 'active'",
            in_seconds,
        )
        await conn.execute(
            "UPDATE jobs SET run_at = now() + make_interval(secs => $1)"
            " WHERE name = 'duel.round.close' AND state = 'queued'",
            in_seconds,
        )
        await conn.execute("SELECT pg_notify('together_jobs', '* ' || extract(epoch FROM now())::text)")


async def _round_closed(live: LiveBot) -> bool:
    rows = await _rows(live, "SELECT status FROM duel_rounds")
    return bool(rows) and all(r["status"] == "closed" for r in rows)


async def test_a_full_duel(live: LiveBot) -> None:
    room_ab, room_co = await _setup_duel(live)

    assert "accepted" in await _answer(live, "alice", room_ab, "  We   cook together  ")
    assert "accepted" in await _answer(live, "carol", room_co, "ok")
    stored = await _rows(live, "SELECT answer, user_id FROM duel_submissions ORDER BY created_at")
    assert [r["answer"] for r in stored] == ["We cook together", "ok"]
    jobs = await _rows(live, "SELECT run_at, coalesce_key FROM jobs WHERE name = 'duel.round.close'")
    rounds = await _rows(live, "SELECT id, ends_at FROM duel_rounds")
    assert len(jobs) == 1 and jobs[0]["run_at"] == rounds[0]["ends_at"]  # due at the round's end, not before

    await _end_round_now(live)
    await eventually(lambda: _round_closed(live), what="the close job")
    late = await _answer_after_close(live, "bob", room_ab)
    assert "already answered" in late  # the pair's first answer counts, whatever the round state

    ended = await live.driver.run_command("owner", "duel end", locale="en")
    assert "over" in await answer_text(live, ended)
    duels = await _rows(live, "SELECT status, version FROM duels")
    assert duels[0]["status"] == "ended"
    done = await _rows(live, "SELECT state FROM jobs WHERE name = 'duel.round.close'")
    assert [j["state"] for j in done] == ["done"]


async def _answer_after_close(live: LiveBot, who: str, room: str) -> str:
    message_id, button = _notice(live, room)
    return await answer_text(live, await live.driver.click(who, message_id, button, locale="en"))


async def test_partners_clicking_and_submitting_at_once_store_one_answer(live: LiveBot) -> None:
    room_ab, _ = await _setup_duel(live)
    message_id, button = _notice(live, room_ab)

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
    assert len(await _rows(live, "SELECT 1 FROM duel_submissions")) == 1


async def test_a_stranger_cannot_answer_for_a_pair(live: LiveBot) -> None:
    room_ab, _ = await _setup_duel(live)
    message_id, button = _notice(live, room_ab)

    refused = await live.driver.click("carol", message_id, button, locale="en")
    assert "only for the members" in await answer_text(live, refused)
    assert refused.modal is None
    assert await _rows(live, "SELECT 1 FROM duel_submissions") == []


async def test_a_round_closing_while_answers_arrive_stays_consistent(live: LiveBot) -> None:
    room_ab, room_co = await _setup_duel(live)
    opened = []
    for who, room in (("alice", room_ab), ("carol", room_co)):
        message_id, button = _notice(live, room)
        rec = await live.driver.click(who, message_id, button, locale="en")
        assert await live.driver.wait_ack(rec) and rec.modal is not None
        opened.append((who, rec))

    await _end_round_now(live, in_seconds=0.2)
    sent = await asyncio.gather(
        *(live.driver.submit_modal(who, rec, {"answer": "just in time?"}, locale="en") for who, rec in opened)
    )
    replies = [await answer_text(live, rec) for rec in sent]
    await eventually(lambda: _round_closed(live), what="the close job")

    accepted = sum("accepted" in r for r in replies)
    assert accepted + sum("closed" in r for r in replies) == 2
    stored = await _rows(
        live, "SELECT s.created_at, r.ends_at FROM duel_submissions s JOIN duel_rounds r ON r.id = s.round_id"
    )
    assert len(stored) == accepted  # every "accepted" is stored, every refusal is not
    assert all(row["created_at"] < row["ends_at"] for row in stored)  # nothing counted after the end
    closes = await _rows(live, "SELECT closed_at FROM duel_rounds WHERE status = 'closed'")
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
    assert await _rows(live, "SELECT 1 FROM duels") == []

    first = await live.driver.run_command("owner", "duel start", {"public_channel": demo.general_channel_id})
    await answer_text(live, first)
    second = await live.driver.run_command("owner", "duel start", {"public_channel": demo.general_channel_id})
    assert "already running" in await answer_text(live, second)
    assert len(await _rows(live, "SELECT 1 FROM duels")) == 1
