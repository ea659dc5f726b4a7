"""JSON log lines carry the bound context fields, the trace and span ids, and never secrets."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import TracerProvider

from telemetry import LOG_FIELDS, current_log_fields, log_context
from telemetry._logging import configure_logging


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    configure_logging("debug", stream=stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_fields_bound_once_reach_every_line_on_a_traced_path(log_stream: io.StringIO) -> None:
    tracer = TracerProvider().get_tracer("test")
    logger = logging.getLogger("tests.path")
    with (
        log_context(correlation_id="c-1", interaction_id=42, guild_id=7, user_id=9, feature="ping"),
        tracer.start_as_current_span("gateway.interaction") as span,
    ):
        with log_context(action="invoke", job_id="j-1"):
            logger.info("handled")
        logger.info("after inner block")
    logger.info("outside")

    first, second, outside = _lines(log_stream)
    context = span.get_span_context()
    assert first["msg"] == "handled"
    assert first["level"] == "INFO"
    assert {k: first[k] for k in LOG_FIELDS} == {
        "correlation_id": "c-1",
        "interaction_id": "42",
        "job_id": "j-1",
        "guild_id": "7",
        "user_id": "9",
        "feature": "ping",
        "action": "invoke",
    }
    assert first["trace_id"] == format(context.trace_id, "032x")
    assert first["span_id"] == format(context.span_id, "016x")
    assert second["action"] is None and second["job_id"] is None
    assert second["correlation_id"] == "c-1"
    assert all(outside[k] is None for k in (*LOG_FIELDS, "trace_id", "span_id"))


def test_explicit_extra_wins_and_secrets_are_redacted(log_stream: io.StringIO) -> None:
    with log_context(feature="jobs"):
        logging.getLogger("x").warning(
            "connecting", extra={"feature": "db", "database_url": "postgresql://u:pw@h/d", "token": "abc"}
        )
    (line,) = _lines(log_stream)
    assert line["feature"] == "db"
    assert line["database_url"] == "[REDACTED]"
    assert line["token"] == "[REDACTED]"
    assert "pw" not in json.dumps(line)


def test_binding_is_undone_after_the_block() -> None:
    with log_context(guild_id="1"):
        assert current_log_fields()["guild_id"] == "1"
    assert "guild_id" not in current_log_fields()


async def _child_sees_fields() -> str | None:
    return current_log_fields().get("correlation_id")


@pytest.mark.anyio
async def test_spawned_tasks_inherit_the_binding() -> None:
    import anyio

    seen: list[str | None] = []

    async def child() -> None:
        seen.append(await _child_sees_fields())

    with log_context(correlation_id="c-9"):
        async with anyio.create_task_group() as tg:
            tg.start_soon(child)
    assert seen == ["c-9"]
