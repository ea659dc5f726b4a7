"""On a terminal logs are lines a person reads (level, time, message, the non-empty fields); JSON lines stay for
files, pipes and ``LOG_FORMAT=json``; CLI commands print only their own output unless asked for logs."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from telemetry import log_context
from telemetry._logging import ReadableFormatter, configure_logging
from together.app import banner_lines
from together.cli import main
from together.config import load_settings


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _keep_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)


def _record(msg: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("tests", logging.WARNING, __file__, 1, msg, None, None)
    record.__dict__.update(extra)
    return record


def test_a_readable_line_has_level_time_message_and_only_the_non_empty_fields() -> None:
    line = ReadableFormatter().format(
        _record("pair created", guild_id="42", user_id=None, feature="", note="two words", trace_id="abc")
    )
    assert re.fullmatch(r"WARNING \d\d:\d\d:\d\d  pair created  guild_id=42  note='two words'", line), line


def test_a_traceback_follows_the_line() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("tests", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    text = ReadableFormatter().format(record)
    assert text.startswith("ERROR") and "Traceback" in text and "RuntimeError: boom" in text


def test_a_terminal_gets_readable_lines_with_the_bound_fields_and_a_pipe_gets_json() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    logger = logging.getLogger("tests.readable")
    configure_logging("info", stream=terminal, log_format="auto")
    with log_context(guild_id=7):
        logger.info("hello", extra={"token": "s3cret"})
    assert "hello" in terminal.getvalue() and "guild_id=7" in terminal.getvalue()
    assert "s3cret" not in terminal.getvalue() and not terminal.getvalue().startswith("{")

    configure_logging("info", stream=pipe, log_format="auto")
    logger.info("hello")
    assert json.loads(pipe.getvalue())["msg"] == "hello"

    forced = _Terminal()
    configure_logging("info", stream=forced, log_format="json")
    logger.info("hello")
    assert json.loads(forced.getvalue())["msg"] == "hello"


def test_log_format_is_validated() -> None:
    assert load_settings({"LOG_FORMAT": "TEXT"}).log_format == "text"
    with pytest.raises(Exception, match="LOG_FORMAT"):
        load_settings({"LOG_FORMAT": "xml"})


def test_a_cli_command_prints_only_its_output_unless_asked_for_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_APP_ID", "123456789012345678")
    quiet = CliRunner().invoke(main, ["invite"])
    assert quiet.exit_code == 0 and quiet.stdout.strip().startswith("https://")
    assert logging.getLogger().level == logging.ERROR
    CliRunner().invoke(main, ["-v", "invite"])
    assert logging.getLogger().level == logging.INFO


def test_the_banner_says_where_health_the_browser_client_and_the_database_are() -> None:
    settings = load_settings({"HTTP_PORT": "9000", "DATA_DIR": "/srv/together"})
    running, database = banner_lines(settings, "http://127.0.0.1:9001/")
    assert "http://127.0.0.1:9000/healthz" in running and "browser client http://127.0.0.1:9001/" in running
    assert database == "database: embedded PostgreSQL in /srv/together/pgdata"
    assert settings.local_emulator_port == 9001  # fixed, so the browser client's URL survives a restart
    assert load_settings({"EMULATOR_PORT": "7000"}).local_emulator_port == 7000
    running, _ = banner_lines(load_settings({}), None)
    assert "browser client" not in running
