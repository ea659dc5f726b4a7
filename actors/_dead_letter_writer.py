"""The background writer that persists dead letters without holding up any actor's turn."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import deque
from collections.abc import Callable

import anyio
from opentelemetry import trace
from opentelemetry.trace import Span

from actors._clock import Clock, clock_move_on_after
from actors._dead_letters import DeadLetter, DeadLetterStore, encode_payload
from actors._envelope import Envelope

logger = logging.getLogger(__name__)


def make_dead_letter(
    kind: str, key: str, item: object, reason: str, error: BaseException | None, span: Span | None
) -> DeadLetter:
    """The persisted form of an undeliverable item, with the trace id of ``span`` or of its sender."""
    env = item if type(item) is Envelope else None
    message = item if env is None else env.message
    source = span or trace.get_current_span(env.context if env is not None else None)
    span_context = source.get_span_context()
    return DeadLetter(
        kind=kind,
        key=key,
        reason=reason,
        message_type=f"{type(message).__module__}.{type(message).__qualname__}",
        payload=encode_payload(message),
        error="" if error is None else f"{type(error).__name__}: {error}",
        attempts=0 if env is None else env.failures,
        trace_id=format(span_context.trace_id, "032x") if span_context.is_valid else None,
        correlation_id=None if env is None else env.correlation_id,
        occurred_at=dt.datetime.now(dt.UTC),
    )


class DeadLetterWriter:
    """Writes submitted letters to the store one by one, in order.

    ``on_submitted`` / ``on_written`` let the system count pending writes as outstanding work (``quiesce``
    waits for them). A store failure is logged and the letter dropped: a broken dead-letter table must not
    stop the actors. Cancellation of :meth:`run`: the letter being written may be lost (the system flushes
    before it cancels the writer).
    """

    __slots__ = ("_flushed", "_letters", "_on_submitted", "_on_written", "_ready", "_store")

    def __init__(self, store: DeadLetterStore, on_submitted: Callable[[], None],
                 on_written: Callable[[], None]) -> None:
        self._store = store
        self._on_submitted = on_submitted
        self._on_written = on_written
        self._letters: deque[DeadLetter] = deque()
        self._ready: asyncio.Future[None] | None = None
        self._flushed: anyio.Event | None = None

    def __len__(self) -> int:
        return len(self._letters)

    def submit(self, letter: DeadLetter) -> None:
        """Queue a letter (never blocks)."""
        self._letters.append(letter)
        self._on_submitted()
        ready = self._ready
        if ready is not None and not ready.done():
            ready.set_result(None)

    async def run(self) -> None:
        """Write letters as they come, forever."""
        loop = asyncio.get_running_loop()
        while True:
            while self._letters:
                letter = self._letters[0]
                try:
                    await self._store.write(letter)
                except Exception:
                    logger.exception("could not persist dead letter for %s/%s", letter.kind, letter.key)
                finally:
                    self._letters.popleft()
                    self._on_written()
            if self._flushed is not None:
                self._flushed.set()
            self._ready = loop.create_future()
            await self._ready

    async def flush(self, clock: Clock, limit_s: float) -> None:
        """Wait until everything submitted so far is written, at most ``limit_s`` seconds of ``clock``."""
        if not self._letters:
            return
        flushed = self._flushed = anyio.Event()
        with clock_move_on_after(clock, limit_s):
            await flushed.wait()
