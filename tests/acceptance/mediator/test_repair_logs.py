"""Every line on the /repair paths carries the required fields: the command's, and each tick's (in the job
handler and in the session actor's turn), all under the correlation id of the /repair that started them."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from telemetry._logging import ContextFilter
from tests._bot import LiveBot
from tests._log_fields import log_field, log_fields
from tests.acceptance._members import acked, eventually, make_pair

pytestmark = pytest.mark.anyio


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []
        self.addFilter(ContextFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logs() -> Iterator[_Collect]:
    handler = _Collect()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_repair_lines_carry_the_required_fields(live: LiveBot, logs: _Collect) -> None:
    pair = await make_pair(live)
    await acked(live, await live.driver.run_command("alice", "repair", channel_id=pair.room_id))

    async def completed() -> bool:
        return bool(await live.pool.fetchval("SELECT status FROM mediator_repair_sessions") == "completed")

    await eventually(completed)
    guild, alice = live.local.demo.guild_id, live.driver.user_id("alice")
    (command,) = [
        r
        for r in logs.records
        if r.getMessage() == "interaction handled" and log_field(r, "action") == "repair.start"
    ]
    assert log_fields(command, "feature", "guild_id", "user_id") == ("mediator", guild, alice)
    assert log_field(command, "correlation_id") and log_field(command, "interaction_id")

    turns = [
        r
        for r in logs.records
        if r.getMessage().startswith("repair session") and log_field(r, "action") == "repair.tick"
    ]
    outcomes = [r.getMessage().split(" step ")[1] for r in turns]
    assert outcomes == ["2: shown", "3: shown", "4: completed"]
    job_ids = await live.pool.fetch("SELECT id FROM jobs WHERE name = 'mediator.repair.tick' ORDER BY id")
    assert [log_field(r, "job_id") for r in turns] == [str(row["id"]) for row in job_ids]
    for record in turns:
        assert log_fields(record, "feature", "guild_id", "user_id") == ("mediator", guild, alice)
        ids = ("correlation_id", "interaction_id")
        assert log_fields(record, *ids) == log_fields(command, *ids)
