"""Performing recorded effects: claim, call Discord with a repeat-safe key, finish in one transaction.

Two performers share :class:`EffectRunner`: the handler that recorded an effect performs it right after its
commit (:meth:`EffectRunner.perform`, so a member sees the room or the post in the reply), and the
``public.post.publish`` job performs whatever is due (:meth:`EffectRunner.sweep`): the backstop for a handler
that died, the retry of a transient failure, and the scheduled posts. The lease keeps them from performing one
effect at the same time; the key each kind's ``perform`` uses (a message nonce, a lookup before a create) makes
the repeat after a crash between the call and the commit harmless.

Failpoints ``effect.<kind>.before_call`` and ``effect.<kind>.after_call`` (see :mod:`telemetry`) cut the process
between the claim, the call and the commit in the crash tests.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from features.kernel._effects import (
    Effect,
    claim_effects,
    fetch_effect,
    mark_effect_failed,
    mark_effect_sent,
    release_effects,
)
from features.kernel._features import Feature, feature_flags
from features.kernel._guild_settings import fetch_guild_settings
from gateway import NO_MENTIONS, Forbidden, GatewayError, InvalidRequest, NotFound
from store import Connection
from telemetry import failpoint

if TYPE_CHECKING:
    from features.kernel._guild_settings import GuildSettings
    from features.kernel._host import Services

logger = logging.getLogger(__name__)

#: How often a performer that found the effect claimed by another looks again.
_POLL_SECONDS: Final = 0.1

#: ``perform(services, effect, settings)``: the Discord call, with the effect's key; returns what to record.
EffectCall = Callable[["Services", Effect, "GuildSettings"], Awaitable[dict[str, Any]]]
#: ``finish(conn, effect, result)``: record the outcome, in the transaction that marks the effect sent.
EffectFinish = Callable[[Connection, Effect, dict[str, Any]], Awaitable[None]]
#: ``gave_up(conn, effect)``: undo or close what waited for an effect that is ``failed`` or ``dead``.
EffectGaveUp = Callable[[Connection, Effect], Awaitable[None]]


@dataclass(frozen=True, kw_only=True)
class EffectKind:
    """How one kind of effect is performed and recorded (``host.add_effect_kind``)."""

    name: str
    perform: EffectCall
    finish: EffectFinish | None = None
    gave_up: EffectGaveUp | None = None
    #: While this feature is off in the guild, its effects wait (pending) instead of being performed.
    feature: Feature | None = None


class EffectRefused(GatewayError):
    """A kind's ``perform`` found the effect impossible for good (the room it posts in is gone)."""


async def post_message(services: Services, effect: Effect, channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Post ``body`` in ``channel_id`` with the effect's nonce (``enforce_nonce``): a repeat after a crash returns
    the first message. Returns ``{"message_id": ...}`` to record."""
    message = await services.rest.create_message(
        channel_id,
        {"allowed_mentions": NO_MENTIONS, **body, "nonce": effect.nonce, "enforce_nonce": True},
    )
    return {"message_id": str(message["id"])}


class EffectRunner:
    """Performs effects of the installed kinds for the running services."""

    def __init__(
        self,
        kinds: Mapping[str, EffectKind] | None = None,
        *,
        lease_seconds: float = 30.0,
        holder_wait_seconds: float = 5.0,
    ) -> None:
        self._kinds: Mapping[str, EffectKind] = kinds if kinds is not None else {}
        self.lease_seconds = lease_seconds
        #: How long a targeted job waits for another performer to finish before retrying after that lease.
        self.holder_wait_seconds = holder_wait_seconds

    async def perform(self, services: Services, effect_id: uuid.UUID, *, wait_seconds: float = 10.0) -> Effect:
        """Perform one effect now (right after the commit that recorded it) and return it as it stands.

        When another performer holds it, wait up to ``wait_seconds`` for it to finish. The result may still be
        pending (a transient failure: its job retries it) or processing (slow): callers tell the member so.
        A pending effect this call could not claim was only locked for a moment (another request recording the
        same key, whose transaction holds the row): it is claimed again rather than reported pending.
        """
        owner = f"inline:{uuid.uuid4().hex[:16]}"
        pool = services.pool
        deadline = time.monotonic() + wait_seconds
        performed = False
        while True:
            async with pool.acquire() as conn:
                effect = await fetch_effect(conn, effect_id)
                if effect is None:
                    raise LookupError(f"no effect {effect_id}")
                claimed: list[Effect] = []
                if not performed and not effect.done:
                    claimed = await claim_effects(
                        conn, effect.guild_id, owner=owner, lease_seconds=self.lease_seconds, effect_id=effect_id
                    )
            if claimed:
                performed = True
                settings = await _settings(services, claimed[0].guild_id)
                await self._run(services, claimed[0], owner, settings)
                continue
            if effect.done or (performed and effect.status == "pending") or time.monotonic() >= deadline:
                return effect
            await asyncio.sleep(_POLL_SECONDS)

    async def sweep(
        self, services: Services, guild_id: str, *, owner: str, effect_id: uuid.UUID | None = None
    ) -> GatewayError | None:
        """Perform the guild's due effects (or only ``effect_id``) one claim at a time; return the first transient
        failure (the job fails so the queue retries it), None when every claimed effect was settled.

        A targeted effect another performer holds is waited for a moment (a Discord call rarely takes longer):
        its job is then done as soon as the holder is, rather than one whole lease later."""
        pool = services.pool
        settings = await _settings(services, guild_id)
        tried: list[uuid.UUID] = []
        retry: GatewayError | None = None
        holder_deadline = time.monotonic() + self.holder_wait_seconds
        while True:
            async with pool.acquire() as conn:
                claimed = await claim_effects(
                    conn, guild_id, owner=owner, lease_seconds=self.lease_seconds, effect_id=effect_id, limit=1,
                    skip=tried,
                )
            if not claimed:
                if effect_id is not None and not tried:
                    held = await _held_elsewhere(services, effect_id)
                    if held is not None and time.monotonic() < holder_deadline:
                        await asyncio.sleep(_POLL_SECONDS)
                        continue
                    return held or retry
                return retry
            effect = claimed[0]
            tried.append(effect.id)
            retry = await self._run(services, effect, owner, settings) or retry

    async def _run(
        self, services: Services, effect: Effect, owner: str, settings: GuildSettings
    ) -> GatewayError | None:
        """Perform one claimed effect and record the outcome; the error when it should be retried."""
        kind = self._kinds.get(effect.kind)
        if kind is None:
            await _give_up(services, effect, owner, None, f"unknown effect kind {effect.kind!r}", dead=False)
            return None
        if kind.feature is not None and not feature_flags(settings.features)[kind.feature]:
            reason = f"{kind.feature.value} is off"
            async with services.pool.acquire() as conn:
                await release_effects(conn, [effect.id], owner=owner, reason=reason, uncount=True)
            logger.info("effect held back: its feature is off", extra={"effect_kind": effect.kind})
            return None
        try:
            failpoint(f"effect.{effect.kind}.before_call")
            result = await kind.perform(services, effect, settings)
            failpoint(f"effect.{effect.kind}.after_call")
        except asyncio.CancelledError:
            # Stopping: give the claim back so the job, run again, performs it without waiting for the lease.
            async with services.pool.acquire() as conn:
                await release_effects(conn, [effect.id], owner=owner, reason="released on stop", uncount=True)
            raise
        except (Forbidden, NotFound, InvalidRequest, EffectRefused) as exc:
            logger.warning("effect refused by Discord for good", extra={"effect_kind": effect.kind, "error": repr(exc)})
            await _give_up(services, effect, owner, kind, f"{type(exc).__name__}: {exc}", dead=False)
            return None
        except Exception as exc:  # a transient Discord failure, or a bug: retried, then dead with the reason
            error = exc if isinstance(exc, GatewayError) else GatewayError(f"{type(exc).__name__}: {exc}")
            reason = f"{type(exc).__name__}: {exc}"
            if effect.attempts >= effect.max_attempts:
                logger.error("effect given up after %d attempts", effect.attempts,
                             extra={"effect_kind": effect.kind, "error": reason})
                await _give_up(services, effect, owner, kind, reason, dead=True)
                return None
            logger.warning("effect failed; it will be retried", extra={"effect_kind": effect.kind, "error": reason})
            async with services.pool.acquire() as conn:
                await release_effects(conn, [effect.id], owner=owner, reason=reason)
            return error
        async with services.pool.acquire() as conn, conn.transaction():
            if await mark_effect_sent(conn, effect, owner=owner, result=result) and kind.finish is not None:
                await kind.finish(conn, effect, result)
        return None



class EffectHeld(GatewayError):
    """Another performer holds the effect under a live lease: the job retries (``retry_after``: when that lease
    ends) rather than report it done."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


_LEASE_LEFT: Final = """
SELECT greatest(0, extract(epoch FROM lease_expires_at - now())) FROM scheduled_posts
WHERE id = $1 AND status = 'processing'
"""
#: A held effect's job runs again this long after the holder's lease ends (clocks and commits settle).
_AFTER_LEASE_S: Final = 0.1


async def _held_elsewhere(services: Services, effect_id: uuid.UUID) -> EffectHeld | None:
    async with services.pool.acquire() as conn:
        left = await conn.fetchval(_LEASE_LEFT, effect_id)
    if left is None:
        return None
    return EffectHeld(
        f"effect {effect_id} is being performed by another worker", retry_after=float(left) + _AFTER_LEASE_S
    )


async def _settings(services: Services, guild_id: str) -> GuildSettings:
    async with services.pool.acquire() as conn:
        return await fetch_guild_settings(conn, guild_id)


async def _give_up(
    services: Services, effect: Effect, owner: str, kind: EffectKind | None, reason: str, *, dead: bool
) -> None:
    async with services.pool.acquire() as conn, conn.transaction():
        settled = await mark_effect_failed(conn, effect, owner=owner, reason=reason, dead=dead)
        if settled is not None and kind is not None and kind.gave_up is not None:
            await kind.gave_up(conn, settled)
