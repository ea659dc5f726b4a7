"""The envelope: a message plus what travels with it (reply future, trace context, correlation id, counters).

Plain tells with no trace context, correlation id or reply skip the envelope entirely and sit in the mailbox
as bare messages; the runtime wraps them only when they need bookkeeping (a failure to count, a coalesce
slot). That keeps the untraced hot path to one ``deque.append``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Mapping
from typing import Final

from opentelemetry.context import Context

#: Links kept per coalesced turn; the OpenTelemetry SDK drops links past its default limit of 128 anyway.
MAX_LINKS: Final = 128


class Envelope:
    """A message in a mailbox together with its delivery metadata.

    ``absorbed`` counts the triggers a coalesced envelope stands for (1 when nothing was merged into it);
    ``links`` holds the trace contexts of every absorbed trigger; ``failures`` counts failed turns on this
    very envelope, which is how poison messages are recognised.
    """

    __slots__ = ("absorbed", "ckey", "context", "correlation_id", "extra_replies", "failures", "fields",
                 "links", "message", "reply")

    def __init__(
        self,
        message: object,
        reply: asyncio.Future[object] | None = None,
        context: Context | None = None,
        correlation_id: str | None = None,
        fields: Mapping[str, str | None] | None = None,
    ) -> None:
        self.message = message
        self.reply = reply
        self.context = context
        self.correlation_id = correlation_id
        #: The sender's bound log fields (traced sends only): the turn binds them, so its logs and spans carry
        #: the guild, feature and action of the action that caused it, not only its correlation id.
        self.fields = fields
        self.failures = 0
        self.absorbed = 1
        self.links: list[Context] | None = None
        self.ckey: Hashable | None = None
        self.extra_replies: list[asyncio.Future[object]] | None = None

    def absorb(self, newer: Envelope) -> None:
        """Merge a newer trigger into this pending envelope: the newest message wins, nothing is forgotten.

        Every absorbed trigger's trace context is kept as a link (capped at :data:`MAX_LINKS`) and every
        asker's reply future is kept, so all askers get the one turn's answer.
        """
        links = self.links
        if links is None:
            links = self.links = [] if self.context is None else [self.context]
        if newer.links is not None:
            links.extend(newer.links[: MAX_LINKS - len(links)])
        elif newer.context is not None and len(links) < MAX_LINKS:
            links.append(newer.context)
        self.message = newer.message
        self.absorbed += newer.absorbed
        if newer.correlation_id is not None:
            self.correlation_id = newer.correlation_id
        if newer.fields is not None:
            self.fields = newer.fields
        for fut in newer.all_replies():
            if self.reply is None:
                self.reply = fut
            elif self.extra_replies is None:
                self.extra_replies = [fut]
            else:
                self.extra_replies.append(fut)

    def all_replies(self) -> list[asyncio.Future[object]]:
        """Every reply future waiting on this envelope."""
        out = [] if self.reply is None else [self.reply]
        if self.extra_replies:
            out.extend(self.extra_replies)
        return out


def wrap(item: object) -> Envelope:
    """The envelope for a mailbox item (bare messages get a fresh one)."""
    return item if type(item) is Envelope else Envelope(item)
