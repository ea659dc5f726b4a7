"""Interaction and job paths of pairs and duels log the runbook's fields, one correlation id end to end."""

from __future__ import annotations

import logging

import pytest

from telemetry import LOG_FIELDS
from telemetry._logging import ContextFilter
from tests._bot import LiveBot
from tests._log_fields import log_field, log_fields
from tests.acceptance.pairs._flows import answer_text, end_round_now, eventually, round_closed, setup_duel

pytestmark = pytest.mark.anyio


def _record(caplog: pytest.LogCaptureFixture, message: str) -> logging.LogRecord:
    found = [r for r in caplog.records if r.getMessage() == message]
    assert found, f"no log line {message!r}"
    return found[-1]


async def test_the_round_close_job_carries_the_round_start_correlation_id(
    live: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(ContextFilter())
    await setup_duel(live)
    await end_round_now(live)
    await eventually(lambda: round_closed(live), what="the close job")

    async def close_logged() -> bool:
        return any(r.getMessage() == "duel round close" for r in caplog.records)

    await eventually(close_logged, what="the close job's log line")
    started = _record(caplog, "duel round started")
    closed = _record(caplog, "duel round close")
    for record in (started, closed):
        assert all(hasattr(record, name) for name in LOG_FIELDS)
        assert log_field(record, "guild_id") == live.local.demo.guild_id
    assert log_fields(started, "feature", "action") == ("duels", "round.start")
    assert log_field(started, "interaction_id") and log_field(started, "user_id") == live.driver.user_id("owner")
    assert log_fields(closed, "feature", "action") == ("duels", "round.close")
    assert log_field(closed, "job_id") is not None
    assert log_field(closed, "correlation_id") == log_field(started, "correlation_id")


async def test_a_refusal_is_logged_with_the_member_and_action(
    live: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(ContextFilter())
    refused = await live.driver.run_command("alice", "duel end")
    await answer_text(live, refused)
    record = _record(caplog, "interaction refused")
    assert log_field(record, "user_id") == live.driver.user_id("alice")
    assert log_fields(record, "feature", "action", "interaction_id") == ("duels", "end", refused.id)
