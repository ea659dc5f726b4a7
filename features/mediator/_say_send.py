"""The ``/say`` send as an effect (kind ``say_send``): the chosen rewrite posted once in the pair room.

The press of send records the effect in the transaction that accepts it (the draft locked and still unsent),
keyed by the draft, so a second press finds the same effect instead of making another. The handler performs it
right after its commit; the effects job performs it if the handler's process died first. The message carries
the effect's nonce, so a repeat after a crash between the post and its commit returns the first message, and
the draft is marked sent in the transaction that marks the effect sent. A send that fails for good (the room is
gone or closed to the bot) leaves the draft unsent: the next press records it again.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

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
from features.mediator._content import SayTone
from features.mediator._say_render import render_say_room_message
from features.mediator._say_rules import SayVariants
from features.mediator._say_store import SayDraft, fetch_say_draft_by_id, mark_say_sent
from gateway.i18n import default_translator, resolve_locale
from store import Connection

#: The effect kind of a ``/say`` send.
SAY_EFFECT: Final = "say_send"


def say_send_key(draft_id: uuid.UUID) -> str:
    """The idempotency key of a draft's send: one per draft, whoever presses and however often."""
    return f"say-send:{draft_id}"


async def record_say_send(
    conn: Connection, draft: SayDraft, pair: Pair, *, backstop_after: float
) -> tuple[Effect, bool]:
    """Record the send of ``draft`` (call it with the draft locked and unsent); the effect, and whether this
    press recorded it (False: a press before it did, and its send is under way)."""
    recorded = await record_effect(
        conn,
        guild_id=draft.guild_id,
        kind=SAY_EFFECT,
        channel_id=pair.private_channel_id,
        # The tone as chosen when send was pressed: a tone button pressed while the send is on its way does not
        # change what is sent.
        payload={"draft_id": str(draft.id), "pair_id": str(pair.id), "tone": draft.selected_tone},
        key=say_send_key(draft.id),
        backstop_after=backstop_after,
    )
    return recorded.effect, recorded.queued


async def _post_say(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    """Post the chosen rewrite, unless the draft is gone or its author is no longer in the pair."""
    async with services.pool.acquire() as conn:
        draft = await fetch_say_draft_by_id(conn, uuid.UUID(effect.payload["draft_id"]))
        pair = await fetch_pair(conn, uuid.UUID(effect.payload["pair_id"]))
    if draft is None:
        raise EffectRefused("the /say draft is gone")
    if pair is None or pair.status != "active" or not pair.has_member(draft.user_id):
        raise EffectRefused("the pair room is no longer the author's")
    variants = SayVariants(
        source=draft.source_text, soft=draft.soft_text, direct=draft.direct_text, short=draft.short_text
    )
    text = variants.for_tone(SayTone(effect.payload["tone"]))
    body = render_say_room_message(
        author_id=draft.user_id, text=text, locale=resolve_locale(draft.locale), tr=default_translator()
    ).to_payload()
    return await post_message(services, effect, effect.channel_id, body)


async def _mark_sent(conn: Connection, effect: Effect, result: dict[str, Any]) -> None:
    await mark_say_sent(conn, uuid.UUID(effect.payload["draft_id"]), str(result["message_id"]))


#: Declared by the mediator (``host.add_effect_kind``).
SAY_SEND: Final = EffectKind(name=SAY_EFFECT, perform=_post_say, finish=_mark_sent)
