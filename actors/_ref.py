"""Actor references: ``(kind, key)`` addresses that always resolve, activating the actor on demand."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Final, final

from opentelemetry import context as otel_context

from actors._envelope import Envelope, wrap
from actors._errors import ActorStopped, AskTimeout, MailboxFull
from actors._mailbox import EMPTY_QUEUE, Coalesce, Offer, Overflow
from telemetry import current_correlation_id, current_fields

if TYPE_CHECKING:
    from actors._cell import Cell
    from actors._system import KindRuntime

# actors._cell's states, duplicated so the hot path compares against module constants.
_RUNNING: Final = 1
_BACKOFF: Final = 2
_DEAD: Final = 4
_FULL: Final = Offer.FULL


@final
class ActorRef:
    """The address of one keyed actor. Cheap to create, hashable, valid whether or not the actor is active.

    Sending to a passive actor activates it. Ordering: messages from one sender to one actor are handled in
    the order they were sent (FIFO per sender/receiver pair), except that a coalesced message takes the place
    of the pending one it merges into.
    """

    __slots__ = ("_cell", "_rt", "key")

    def __init__(self, rt: KindRuntime, key: str) -> None:
        self._rt = rt
        self.key = key
        self._cell: Cell | None = None

    @property
    def kind(self) -> str:
        """The actor kind's name."""
        return self._rt.name

    def __repr__(self) -> str:
        return f"ActorRef({self._rt.name!r}, {self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ActorRef) and other._rt is self._rt and other.key == self.key

    def __hash__(self) -> int:
        return hash((self._rt.name, self.key))

    def _live_cell(self) -> Cell:
        cell = self._cell
        if cell is None or cell.state == _DEAD:
            cell = self._cell = self._rt.cell(self.key)
        return cell

    def _item(self, message: object) -> object:
        # The sender's correlation id and (when tracing) its OpenTelemetry context travel with the message;
        # a bare message is enough when there is neither.
        if not self._rt.traced:
            cid = current_correlation_id()
            return message if cid is None else Envelope(message, None, None, cid)
        fields = current_fields()
        return Envelope(message, None, otel_context.get_current(), fields.get("correlation_id"), fields or None)

    def tell_nowait(self, message: object) -> bool:
        """Send without waiting. Never raises for the target's state: a message that cannot be queued (full
        mailbox or stash, stopped system) becomes a dead letter and the call returns False."""
        rt = self._rt
        cls = message.__class__
        policy = rt.policy_cache.get(cls) or rt.policy_of(cls)
        if self._enqueue_fast(message, cls, policy):
            return True
        system = rt.system
        item = self._item(message)
        if not system.accepting:
            system.dead_letter(rt, self.key, item, "system_stopped")
            return False
        cell = self._live_cell()
        if cls in rt.interleave and cell.in_turn():
            cell.run_interleaved(wrap(item))
            return True
        if cell.post(item, policy) is _FULL:
            system.dead_letter(rt, self.key, item, "stash_full" if cell.state == _BACKOFF else "mailbox_full")
            return False
        return True

    async def tell(self, message: object) -> bool:
        """Send; under :attr:`Overflow.BLOCK` wait for room (backpressure). Otherwise like
        :meth:`tell_nowait`.

        Cancellation while blocked: the message is not sent.
        """
        rt = self._rt
        cls = message.__class__
        policy = rt.policy_cache.get(cls) or rt.policy_of(cls)
        if self._enqueue_fast(message, cls, policy):
            return True
        return await self._tell_slow(message, policy)

    def _enqueue_fast(self, message: object, cls: type, policy: Overflow | Coalesce) -> bool:
        """The fast path of both tells: a running activation, a plain policy, room in the mailbox, no tracing.
        False when any of that does not hold (the caller takes the full path)."""
        rt = self._rt
        cell = self._cell
        if cell is None or cell.state != _RUNNING or policy.__class__ is not Overflow or rt.traced \
                or cls in rt.interleave:
            return False
        mailbox = cell.mailbox
        queue = mailbox.queue
        if queue is EMPTY_QUEUE:
            queue = mailbox.queue = deque()
        if len(queue) >= mailbox.capacity:
            return False
        cid = current_correlation_id()
        queue.append(message if cid is None else Envelope(message, None, None, cid))
        cell.touched = True
        if cell.waiter is not None:
            cell.wake()
        return True

    async def _tell_slow(self, message: object, policy: Overflow | Coalesce) -> bool:
        rt = self._rt
        system = rt.system
        item = self._item(message)
        if message.__class__ in rt.interleave:
            return self.tell_nowait(message)
        while system.accepting:
            cell = self._live_cell()
            if cell.post(item, policy) is not _FULL:
                return True
            if policy is not Overflow.BLOCK:
                break
            await cell.wait_room()
        system.dead_letter(rt, self.key, item, "system_stopped" if not system.accepting else "mailbox_full")
        return False

    async def ask(self, message: object, *, timeout: float) -> object:  # noqa: ASYNC109 - always required
        """Send and wait for the reply (the handler's return value), at most ``timeout`` seconds.

        Raises :class:`AskTimeout`, :class:`ActorStopped`, :class:`MailboxFull` (reject policy, or a full
        stash), :class:`ActorCrashed` (the turn failed; the request is not retried), or the
        ``DomainError`` the handler raised. Cancellation: the reply is discarded; the message may still run.
        """
        rt = self._rt
        system = rt.system
        if not system.accepting:
            raise ActorStopped()
        loop = system.loop
        fut: asyncio.Future[object] = loop.create_future()
        if system.tracer is None:
            env = Envelope(message, fut, None, current_correlation_id())
        else:
            fields = current_fields()
            env = Envelope(message, fut, otel_context.get_current(), fields.get("correlation_id"), fields or None)
        if timeout <= 0:
            raise AskTimeout()
        bucket = system.deadlines.arm(fut, timeout)
        try:
            cls = message.__class__
            policy = rt.policy_cache.get(cls) or rt.policy_of(cls)
            while True:
                cell = self._live_cell()
                if cls in rt.interleave and cell.in_turn():
                    cell.run_interleaved(env)
                    break
                if cell.post(env, policy) is not _FULL:
                    break
                if policy is not Overflow.BLOCK:
                    raise MailboxFull()
                await _wait_room_or_done(cell, fut)
                if fut.done():
                    break
                if not system.accepting:
                    raise ActorStopped()
            return await fut
        finally:
            bucket.discard(fut)


async def _wait_room_or_done(cell: Cell, fut: asyncio.Future[object]) -> None:
    """Block for mailbox room, but no longer than the ask's own future stays pending (its timeout)."""
    room = asyncio.ensure_future(cell.wait_room())
    try:
        await asyncio.wait((room, fut), return_when=asyncio.FIRST_COMPLETED)
    finally:
        room.cancel()
