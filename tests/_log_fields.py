"""The fields a log record carries beyond the standard ones (``extra=`` and telemetry's ``ContextFilter``).

``logging.LogRecord`` declares only its standard attributes, so tests read the others through these.
"""

from __future__ import annotations

import logging


def log_field(record: logging.LogRecord, name: str) -> object:
    """One added field of ``record``."""
    value: object = getattr(record, name)
    return value


def log_fields(record: logging.LogRecord, *names: str) -> tuple[object, ...]:
    """Several added fields of ``record``, in the order asked."""
    return tuple(log_field(record, name) for name in names)
