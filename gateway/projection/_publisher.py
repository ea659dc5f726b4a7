"""One projection's turn: decide from a version read, render at most once, make the message show it, report.

The steps of :meth:`ProjectionPublisher.publish_latest`:

1. **Version read.** Read the entity's :class:`~gateway.projection.Stamp` (``kind.version``: a cheap query, no
   rendering), the guild settings' version and the stored placement, without locking; stop when the message
   already shows a version at least as new (most coalesced refreshes end here). Nothing is rendered.
2. **Pacing, holding nothing.** Wait for this projection's pacing slot, then for its channel's gate and the
   route bucket.
3. **Locked section.** Take a database slot and the projection's cross-process advisory lock, then render
   once (``kind.load`` in a read-only repeatable-read transaction: the state as of now, the waits let newer
   state in), decide against the stored row, send one edit or post, record the shown version, commit. A
   deleted message is forgotten and posted again, once per attempt. A post carries a nonce made of the
   projection's key, its channel and its post generation (``enforce_nonce``): a process that dies between the
   post and the commit leaves no second message, since the next turn's post returns the first one; forgetting
   a deleted message or moving channel starts a new generation, so a deliberate new post is never swallowed.
4. On 429, wait the ``retry_after`` out (within a budget per turn) and start over from step 1: the payload is
   re-rendered from the latest state, never resent. On ``DiscordUnavailable``, retry a few times with
   backoff. ``Forbidden`` and other refusals end the turn at once.

Every turn ends with a :class:`~gateway.projection.TurnReport`: shown, already shown or gone (the message shows
the latest state) or rate limited, unavailable or refused (it does not; the refresh job that asked retries).

**Versions.** The version a turn compares and records is the feature's state version plus the version of the
guild's settings (``guild_settings.version``). Both only ever grow, so their sum grows with every change of
either: a locale (or timezone) switch makes every projection of the guild stale, and its next refresh renders
it in the new language, while features count only their own state. Both halves are read from the database in
the turn (the settings in the render's own transaction), never from a cache that may not have heard of a
switch yet. Older rows recorded the state version alone; the sum is never smaller, so they are simply
refreshed once.

Why the lock is held across the Discord call: it is what makes two owners in two processes take turns, so an
owner holding older state finds the newer version recorded and skips. The cost is a pool connection per
locked section (plus a second one for the render's few queries, released before Discord is called); step 2
keeps that section down to one or two HTTP round trips and :class:`ChannelGates` caps how many run at once.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import TYPE_CHECKING, Any, Final

import msgspec
from opentelemetry import trace
from prometheus_client import Counter

from gateway._errors import DiscordUnavailable, Forbidden, GatewayError, NotFound, RateLimited
from gateway.projection._gates import ChannelGates
from gateway.projection._model import Outcome, ProjectionKind, Snapshot, Stamp, TurnReport, actor_key
from gateway.projection._plan import Action, Plan, pacing_delay, plan, post_nonce, unavailable_backoff
from store import (
    Connection,
    ProjectionMessage,
    fetch_shown,
    forget_message,
    projection_lock,
    record_pin_attempt,
    record_render,
)
from telemetry import REGISTRY, failpoint

if TYPE_CHECKING:
    from gateway.projection._model import GuildReader, ProjectionServices

logger = logging.getLogger(__name__)

#: The REST port's routes for posting and editing a channel message (their buckets pace a projection).
CREATE_ROUTE: Final = ("POST", "/channels/{channel_id}/messages")
EDIT_ROUTE: Final = ("PATCH", "/channels/{channel_id}/messages/{message_id}")
#: A 429 without a usable ``retry_after`` still waits this long (no hot loop).
MIN_RATE_LIMIT_WAIT_S: Final = 0.05
RENDERS: Final = Counter(
    "projection_renders",
    "Projection attempts by outcome: skip, edit, create, rate_limited, unavailable, refused",
    ["kind", "outcome"],
    registry=REGISTRY,
)
#: A projection never pings anyone, whatever its text says.
NO_MENTIONS: Final[dict[str, list[str]]] = {"parse": []}


class ProjectionPublisher:
    """Shows the latest state of one projection. One per activation: it also keeps the projection's pacing.

    ``retries_when_unavailable``: attempts after ``DiscordUnavailable`` before the turn gives up.
    ``rate_limit_budget_s``: how long one turn waits out 429s in total before it gives up (the refresh job
    retries later; the route bucket paces that retry).
    """

    def __init__(
        self,
        kind: ProjectionKind,
        guild_id: str,
        entity_id: str,
        services: ProjectionServices,
        gates: ChannelGates,
        *,
        read_guild: GuildReader,
        retries_when_unavailable: int = 4,
        rate_limit_budget_s: float = 30.0,
    ) -> None:
        self.kind = kind
        self.guild_id = guild_id
        self.entity_id = entity_id
        self.key = actor_key(kind.name, guild_id, entity_id)
        self._services = services
        self._read_guild = read_guild
        self._gates = gates
        self._retries = retries_when_unavailable
        self._rate_limit_budget_s = rate_limit_budget_s
        self._rng = random.Random()
        #: Monotonic time before which this projection sends nothing more (its share of the route bucket).
        self._next_at = 0.0

    async def publish_latest(self) -> TurnReport:
        """Make the message show the latest state and report how the turn ended. Never raises a Discord error.

        Cancellation: whatever was not committed is rolled back; nothing stale is left queued.
        """
        unavailable = 0
        rate_limited_s = 0.0
        while True:
            try:
                return await self._attempt()
            except RateLimited as exc:
                RENDERS.labels(self.kind.name, "rate_limited").inc()
                wait = max(exc.retry_after, MIN_RATE_LIMIT_WAIT_S)
                if rate_limited_s + wait > self._rate_limit_budget_s:
                    logger.warning("projection rate limited beyond this turn; the refresh will be retried",
                                   extra={"projection": self.key, "retry_after": wait, "scope": exc.scope})
                    return TurnReport(Outcome.RATE_LIMITED)
                rate_limited_s += wait
                logger.info("projection rate limited; waiting before re-rendering the latest state",
                            extra={"projection": self.key, "retry_after": wait, "scope": exc.scope})
                trace.get_current_span().add_event("discord.retry", {"reason": "rate_limited", "wait_s": wait})
                await asyncio.sleep(wait)
            except DiscordUnavailable as exc:
                RENDERS.labels(self.kind.name, "unavailable").inc()
                unavailable += 1
                if unavailable > self._retries:
                    logger.warning("Discord unavailable; projection refresh postponed",
                                   extra={"projection": self.key, "attempts": unavailable, "error": str(exc)})
                    return TurnReport(Outcome.UNAVAILABLE)
                backoff = unavailable_backoff(unavailable, self._rng.random())
                trace.get_current_span().add_event("discord.retry", {"reason": "unavailable", "wait_s": backoff})
                await asyncio.sleep(backoff)
            except Forbidden as exc:
                RENDERS.labels(self.kind.name, "refused").inc()
                logger.warning("the bot may not show this projection; giving up this refresh",
                               extra={"projection": self.key, "code": exc.code, "error": str(exc)})
                return TurnReport(Outcome.REFUSED)
            except GatewayError as exc:
                RENDERS.labels(self.kind.name, "refused").inc()
                logger.warning("Discord refused the projection; giving up this refresh",
                               extra={"projection": self.key, "error": repr(exc)})
                return TurnReport(Outcome.REFUSED)

    async def _read_version(self) -> tuple[Stamp, ProjectionMessage | None] | None:
        """The entity's stamp with the guild settings' version added, and what is stored; None: entity gone.

        No transaction: each value is read after the change that asked for this turn committed, so their sum
        is at least that change's version, which is all the skip needs.
        """
        async with self._services.pool.acquire() as conn:
            stamp = await self.kind.version(conn, self.guild_id, self.entity_id)
            if stamp is None:
                return None
            settings_version, stored = await fetch_shown(conn, self.key, self.guild_id)
        return Stamp(channel_id=stamp.channel_id, version=stamp.version + settings_version), stored

    async def _render(self) -> Snapshot | None:
        """The entity rendered from one read-only snapshot of the database, its version including the settings'."""
        async with self._services.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            guild = await self._read_guild(conn, self.guild_id)
            snapshot = await self.kind.load(self._services, conn, guild, self.entity_id)
        if snapshot is None:
            return None
        return msgspec.structs.replace(snapshot, version=snapshot.version + guild.version)

    async def _attempt(self) -> TurnReport:
        read = await self._read_version()
        if read is None:
            return TurnReport(Outcome.GONE)
        stamp, stored = read
        expected = plan(stored, stamp, pin=self.kind.pin)
        if expected.sends_nothing:
            self._observe(Action.SKIP, stamp.version)
            return TurnReport(Outcome.ALREADY_SHOWN, stored.rendered_version if stored is not None else None)
        await _sleep_until(self._next_at)
        async with self._gates.channel(stamp.channel_id):
            await self._wait_for_bucket(_route(expected.action), stamp.channel_id)
            failure: GatewayError | None = None
            done = Action.SKIP
            async with (
                self._gates.db_slot(),
                projection_lock(self._services.pool, self.key) as (conn, locked),
            ):
                latest = await self._render()
                if latest is None:
                    return TurnReport(Outcome.GONE)
                try:
                    done = await self._show(conn, locked, latest)
                except GatewayError as exc:
                    # Commit what is already true (a forgotten deleted message) before handling the failure.
                    failure = exc
            self._pace(_route(expected.action if failure is not None else done), latest.channel_id)
            if failure is not None:
                raise failure
        if done is Action.SKIP:
            return TurnReport(Outcome.ALREADY_SHOWN, locked.rendered_version if locked is not None else None)
        return TurnReport(Outcome.SHOWN, latest.version)

    async def _show(self, conn: Connection, stored: ProjectionMessage | None, snapshot: Snapshot) -> Action:
        """Under the lock: one edit or post (a deleted message is posted again once), then the pin.

        Returns what reached the message (SKIP when a newer or equal version was already shown)."""
        rest = self._services.rest
        step = plan(stored, snapshot, pin=self.kind.pin)
        body = _message_body(snapshot)
        message_id = step.message_id
        if step.action is Action.EDIT:
            assert message_id is not None
            failpoint("projection.before_edit")
            try:
                await rest.edit_message(snapshot.channel_id, message_id, body)
            except NotFound:
                logger.info("projection message was deleted; posting it again",
                            extra={"projection": self.key, "message_id": message_id})
                generation = await forget_message(conn, self.key, message_id)
                step = Plan(Action.CREATE, pin=self.kind.pin,
                            generation=step.generation if generation is None else generation)
            else:
                await self._record(conn, snapshot, message_id)
        if step.action is Action.CREATE:
            message_id = await self._post(conn, snapshot, body, step.generation)
        self._observe(step.action, snapshot.version)
        if step.pin and message_id is not None:
            await self._pin(conn, snapshot.channel_id, message_id)
        return step.action

    async def _post(self, conn: Connection, snapshot: Snapshot, body: dict[str, Any], generation: int) -> str:
        """Post the message and record it. The nonce (``enforce_nonce``) makes the post safe to repeat: if this
        process dies after Discord took the post and before the commit, the next turn posts with the same
        nonce and gets the first message back, so the channel still holds one."""
        nonce = post_nonce(self.key, snapshot.channel_id, generation)
        failpoint("projection.before_post")
        message = await self._services.rest.create_message(
            snapshot.channel_id, {**body, "nonce": nonce, "enforce_nonce": True}
        )
        failpoint("projection.after_post")
        message_id = str(message["id"])
        await self._record(conn, snapshot, message_id, post_generation=generation)
        return message_id

    async def _record(
        self, conn: Connection, snapshot: Snapshot, message_id: str, *, post_generation: int | None = None
    ) -> None:
        await record_render(conn, self.key, guild_id=self.guild_id, channel_id=snapshot.channel_id,
                            message_id=message_id, version=snapshot.version, post_generation=post_generation)

    async def _pin(self, conn: Connection, channel_id: str, message_id: str) -> None:
        """Pin once; a failure is logged and recorded (a 429 is not: the next turn tries again)."""
        try:
            await self._services.rest.pin_message(channel_id, message_id)
        except RateLimited:
            logger.info("projection pin rate limited; trying on a later refresh",
                        extra={"projection": self.key, "message_id": message_id})
            return
        except GatewayError as exc:
            logger.warning("could not pin the projection message",
                           extra={"projection": self.key, "message_id": message_id, "error": str(exc)})
            await record_pin_attempt(conn, self.key, message_id, pinned=False)
            return
        await record_pin_attempt(conn, self.key, message_id, pinned=True)

    def _observe(self, action: Action, version: int) -> None:
        """Count the outcome and mark the turn's span with it."""
        RENDERS.labels(self.kind.name, action.value).inc()
        span = trace.get_current_span()
        span.set_attribute("projection.action", action.value)
        span.set_attribute("projection.version", version)

    async def _wait_for_bucket(self, route: tuple[str, str] | None, channel_id: str) -> None:
        # Waiting here, holding only the channel gate, keeps the REST port from waiting for the bucket inside
        # the locked section with a pool connection taken.
        if route is None:
            return
        bucket = self._services.rest.bucket(*route, channel_id)
        if bucket is not None and (wait := bucket.delay(time.monotonic())) > 0:
            await asyncio.sleep(wait)

    def _pace(self, route: tuple[str, str] | None, channel_id: str) -> None:
        if route is None:
            return
        now = time.monotonic()
        self._next_at = now + pacing_delay(self._services.rest.bucket(*route, channel_id), now)


async def _sleep_until(deadline: float) -> None:
    wait = deadline - time.monotonic()
    if wait > 0:
        await asyncio.sleep(wait)


def _route(action: Action) -> tuple[str, str] | None:
    return {Action.EDIT: EDIT_ROUTE, Action.CREATE: CREATE_ROUTE}.get(action)


def _message_body(snapshot: Snapshot) -> dict[str, Any]:
    return {**snapshot.body, "allowed_mentions": NO_MENTIONS}


