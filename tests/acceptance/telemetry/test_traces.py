"""Traces an operator can follow: ``together run`` with ``OTEL_TRACES_EXPORTER=console``, driven through the
emulator. One member action is one trace, from the interaction to the Discord call that shows its result, with
the correlation id on every span; a cron fire is a trace of its own; no span carries a secret."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from tests._crash import CrashRig, crash_rig
from tests._waiting import until

pytestmark = [pytest.mark.anyio, pytest.mark.slow]


def _spans(output: str) -> list[dict[str, Any]]:
    """The spans the console exporter printed, among the log lines (both are JSON objects)."""
    decoder = json.JSONDecoder()
    found, at = [], 0
    while (start := output.find("{", at)) != -1:
        try:
            value, at = decoder.raw_decode(output, start)
        except json.JSONDecodeError:
            at = start + 1
            continue
        if isinstance(value, dict) and "context" in value and "kind" in value:
            found.append(value)
    return found


def _quiet(rig: CrashRig) -> Callable[[], Awaitable[bool]]:
    """A probe: no refresh job is waiting or running (so the next edit is the answer's)."""

    async def probe() -> bool:
        return not await rig.pool.fetchval(
            "SELECT count(*) FROM jobs WHERE name LIKE '%.refresh' AND state IN ('queued', 'active')"
        )

    return probe


def _buttons(message: dict[str, Any], prefix: str) -> list[str]:
    return [cid for cid in json.dumps(message).split('"') if cid.startswith(prefix)]


async def test_a_member_action_is_one_trace_from_the_interaction_to_the_discord_call(
    db_pool: asyncpg.Pool, database_url: str, tmp_path: Path
) -> None:
    async with crash_rig(db_pool, database_url, tmp_path) as rig:
        driver = rig.local.driver
        channels = await rig.configured_guild()
        child = await rig.start_bot(OTEL_TRACES_EXPORTER="console", OTEL_BSP_SCHEDULE_DELAY="100")
        members = {"member1": driver.user_id("alice"), "member2": driver.user_id("bob")}
        created = await driver.run_command("owner", "pair create", members, locale="en")

        async def panel() -> str | None:
            room = await db_pool.fetchval("SELECT private_channel_id FROM pairs")
            return str(room) if room is not None and driver.channel_messages(room) else None

        room = await until(panel, "the Pair Home panel in the new room")
        assert room is not None
        board = channels["public_post_channel_id"]
        started = await driver.run_command("owner", "duel start", {"public_channel": board}, locale="en")
        assert await driver.wait_ack(started)
        rounds = await driver.run_command("owner", "duel round start", {"duration_minutes": 5}, locale="en")
        assert await driver.wait_ack(rounds)

        async def notice() -> tuple[str, str] | None:
            for message in driver.channel_messages(room):
                for button in _buttons(message, "t1:duel:answer:"):
                    return message["id"], button
            return None

        found = await until(notice, "the round notice")
        assert found is not None
        opened = await driver.click("alice", *found, locale="en")
        assert await driver.wait_ack(opened) and opened.modal is not None

        async def posted_scoreboard() -> str | None:
            return next((m["id"] for m in driver.channel_messages(board) if _buttons(m, "t1:duel_board:")), None)

        scoreboard = await until(posted_scoreboard, "the scoreboard")
        assert scoreboard is not None
        await until(_quiet(rig), "the round's refreshes to settle")
        edits = driver.edit_count(scoreboard)
        answered = await driver.submit_modal("alice", opened, {"answer": "We cook together"}, locale="en")
        assert await driver.wait_ack(answered)

        async def scoreboard_edited() -> bool:
            return driver.edit_count(scoreboard) > edits

        await until(scoreboard_edited, "the scoreboard to show the answer")
        await rig.stop(child)  # SIGTERM: the provider flushes what it holds
        output = child.stdout_path.read_text()
        secrets = [rig.local.settings.token, created.token, opened.token, answered.token]

    spans = _spans(output)
    assert spans, "no span was printed"
    traces: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for span in spans:
        traces[span["context"]["trace_id"]].append(span)

    def trace_of(name: str) -> list[dict[str, Any]]:
        return next(t for t in traces.values() if any(s["name"] == name for s in t))

    # /pair create: the interaction, the enqueue, the job, the projection turn, the POST of the panel, one trace.
    pair = trace_of("interaction pairs.create")
    names = {s["name"] for s in pair}
    assert {"jobs.enqueue pair.home.refresh", "jobs.process pair.home.refresh", "actor.turn projection",
            "discord POST /channels/{channel_id}/messages"} <= names, names
    # A duel answer: down to the PATCH that shows it on the scoreboard.
    answer = trace_of("interaction duels.answer.submit")
    names = {s["name"] for s in answer}
    assert {"jobs.process duel.scoreboard.refresh", "actor.turn projection",
            "discord PATCH /channels/{channel_id}/messages/{message_id}"} <= names, names
    for action in (pair, answer):
        ids = {s["attributes"].get("together.correlation_id") for s in action}
        assert len(ids) == 1 and None not in ids  # every span of the action, database calls included
        assert any(s["attributes"].get("db.system") == "postgresql" for s in action)
        calls = [s for s in action if s["name"].startswith("discord ")]
        assert all(s["kind"] == "SpanKind.CLIENT" and "http.response.status_code" in s["attributes"] for s in calls)

    # A cron fire starts a trace of its own: no interaction in it.
    cron = trace_of("jobs.process public.post.publish")
    assert not any(s["name"].startswith("interaction") for s in cron)
    roots = [s for s in cron if s["parent_id"] is None]
    assert [r["name"] for r in roots] == ["jobs.enqueue public.post.publish"]

    printed = json.dumps(spans)
    for secret in secrets:
        assert secret not in printed
    assert "We cook together" not in printed  # no message content either
