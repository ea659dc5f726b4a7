"""Every span carries the ids bound for the logs: one span processor stamps them at the span's start.

Interaction, job, actor, Discord and database spans all start inside a :func:`~telemetry.log_context` block
(the interaction envelope, the job worker and the actor turn bind the fields first), so stamping at the start
covers spans of libraries too (asyncpg's), and the attribute names come from one place
(:func:`~telemetry._context.span_attributes`).
"""

from __future__ import annotations

from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor

from telemetry._context import current_fields, span_attributes


class BoundFieldsProcessor(SpanProcessor):
    """Adds ``together.correlation_id``, ``together.guild_id``, ``together.feature``... to every span."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        attributes = span_attributes(current_fields())
        if attributes:
            span.set_attributes(attributes)

    def on_end(self, span: ReadableSpan) -> None:
        return None

    def shutdown(self) -> None:
        return None

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True
