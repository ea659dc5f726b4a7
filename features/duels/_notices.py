"""Round notices: the "round N has started" message with the pair's answer button, one in every pair room.

Each notice is an effect (kind ``duel_round_notice``) recorded in the transaction that opens the round, keyed by
round and pair, so it exists exactly when the round does and a repeat of the key records nothing new. The
``/duel round start`` handler performs them right after its commit, a few at a time; the effects job performs
whatever a crash left behind. A notice is worded when it is posted (in the guild's language then) and refused
once its round no longer takes answers or its pair is gone: posting it late would invite answers that are
refused. A notice that fails for good costs nothing more: the pair's Pair Home panel carries the same button.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Final

from features.duels._render import RoundNoticeView, render_round_notice
from features.duels._rules import RoundStatus, round_open
from features.duels._store import DuelRound, round_with_clock
from features.kernel import (
    Effect,
    EffectKind,
    EffectRefused,
    GuildSettings,
    Pair,
    Services,
    fetch_pair,
    post_message,
    record_effect,
)
from gateway.i18n import default_translator
from store import Connection

#: The effect kind of a round notice.
NOTICE_EFFECT: Final = "duel_round_notice"
#: Notices performed at once by the handler; the REST port paces them further by route and globally.
NOTICE_CONCURRENCY: Final = 8


def notice_key(round_id: uuid.UUID, pair_id: uuid.UUID) -> str:
    """The idempotency key of one pair's notice of one round."""
    return f"duel-round-notice:{round_id}:{pair_id}"


async def record_round_notices(
    conn: Connection, guild_id: str, duel_round: DuelRound, pairs: list[Pair], *, backstop_after: float
) -> list[Effect]:
    """Record the round's notice for each pair's room (in the transaction that opens the round)."""
    effects = []
    for pair in pairs:
        recorded = await record_effect(
            conn,
            guild_id=guild_id,
            kind=NOTICE_EFFECT,
            channel_id=pair.private_channel_id,
            payload={"round_id": str(duel_round.id), "pair_id": str(pair.id)},
            key=notice_key(duel_round.id, pair.id),
            backstop_after=backstop_after,
        )
        effects.append(recorded.effect)
    return effects


async def _post_notice(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    """Post the notice, unless its round stopped taking answers or its pair is gone meanwhile."""
    round_id, pair_id = uuid.UUID(effect.payload["round_id"]), uuid.UUID(effect.payload["pair_id"])
    async with services.pool.acquire() as conn:
        found = await round_with_clock(conn, round_id)
        pair = await fetch_pair(conn, pair_id)
    if found is None or not round_open(RoundStatus(found.round.status), found.round.ends_at, found.now):
        raise EffectRefused("the round is closed")
    if pair is None or pair.status != "active":
        raise EffectRefused("the pair is gone")
    view = RoundNoticeView(
        round_id=round_id,
        round_no=found.round.round_no,
        pair_id=pair_id,
        ends_at=found.round.ends_at,
        question=found.round.question,
    )
    body = render_round_notice(view, locale=settings.locale, tr=default_translator()).to_payload()
    return await post_message(services, effect, effect.channel_id, body)


#: Declared by the feature (``host.add_effect_kind``).
ROUND_NOTICE: Final = EffectKind(name=NOTICE_EFFECT, perform=_post_notice)


async def perform_notices(services: Services, effect_ids: list[uuid.UUID]) -> list[Effect]:
    """Perform the notices now, :data:`NOTICE_CONCURRENCY` at a time; each as it then stands (one still pending
    or processing is left to the effects job)."""
    limit = asyncio.Semaphore(NOTICE_CONCURRENCY)

    async def perform(effect_id: uuid.UUID) -> Effect:
        async with limit:
            return await services.effects.perform(services, effect_id)

    return list(await asyncio.gather(*(perform(effect_id) for effect_id in effect_ids)))
