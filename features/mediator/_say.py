"""``/say``: a modal, three deterministic rewrites, and an optional one-time send to the member's pair room.

The send is exactly-once under double clicks, across processes and across a crash: it is an effect recorded in
the transaction that accepts the press (see :mod:`features.mediator._say_send`) and performed right after the
commit. A concurrent second press waits for the first to commit, finds its effect, waits for it to be sent and
is told the text was already sent. If the room refuses the post, the draft stays unsent and the member can try
again; if Discord is slow, the member is told the text is on its way (the effects job finishes it).
"""

from __future__ import annotations

import logging
import re
from typing import Final

import interactions

from features.kernel import (
    FeatureHost,
    Services,
    bind,
    command,
    component,
    configured_locale,
    fetch_pair,
    member_pair,
    require_custom_id,
    require_guild,
    require_guild_locale,
)
from features.mediator._content import SayTone, default_say
from features.mediator._errors import InvalidSayText
from features.mediator._ids import SAY_MODAL_ID, parse_say_id
from features.mediator._say_render import (
    SOURCE_INPUT_ID,
    SayView,
    render_say_modal,
    render_say_result,
)
from features.mediator._say_rules import MAX_SOURCE_LENGTH, MIN_SOURCE_LENGTH, SayVariants, build_say_variants
from features.mediator._say_send import SAY_SEND, record_say_send
from features.mediator._say_store import (
    NewSayDraft,
    SayDraft,
    fetch_say_draft,
    insert_say_draft,
    lock_say_draft,
    select_say_tone,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator, resolve_locale

logger = logging.getLogger(__name__)

FEATURE: Final = "mediator"


def _variants(draft: SayDraft) -> SayVariants:
    return SayVariants(
        source=draft.source_text, soft=draft.soft_text, direct=draft.direct_text, short=draft.short_text
    )


def _view(draft: SayDraft, *, has_pair_room: bool) -> SayView:
    return SayView(
        session_id=draft.id,
        variants=_variants(draft),
        selected=SayTone(draft.selected_tone),
        has_pair_room=has_pair_room,
        sent_at=draft.sent_to_pair_at,
    )


def _draft_locale(draft: SayDraft) -> Locale:
    return resolve_locale(draft.locale)


async def open_say(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/say``: the modal asking for the message."""
    locale = await require_guild_locale(interaction, services)
    await responder.open_modal(render_say_modal(locale=locale, tr=default_translator()).to_payload())


async def submit(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The modal: three rewrites as an ephemeral card, kept as a draft."""
    settings = await require_guild(interaction, services)
    locale = settings.locale
    try:
        variants = build_say_variants(interaction.fields.get(SOURCE_INPUT_ID, ""), locale, default_say())
    except InvalidSayText:
        raise Refusal("error.say_length", locale=locale, min=MIN_SOURCE_LENGTH, max=MAX_SOURCE_LENGTH) from None
    guild_id, user_id = settings.guild_id, interaction.author_id
    async with services.pool.acquire() as conn:
        pair = await member_pair(conn, guild_id, interaction.channel_id, user_id)
        draft = await insert_say_draft(
            conn,
            NewSayDraft(
                guild_id=guild_id, user_id=user_id, pair_id=None if pair is None else pair.id,
                locale=locale, source_text=variants.source, soft_text=variants.soft,
                direct_text=variants.direct, short_text=variants.short,
            ),
        )
    view = _view(draft, has_pair_room=pair is not None)
    await responder.send_card(render_say_result(view, locale=locale, tr=default_translator()).to_payload())


async def choose_tone(services: Services, interaction: Interaction, responder: Responder) -> None:
    """A tone button: the card again with that tone chosen (in place)."""
    locale = await configured_locale(interaction, services.guilds)
    draft_id, tone = require_custom_id(interaction, parse_say_id, locale=locale)
    guild_id = interaction.guild_id
    if tone is None or guild_id is None:
        raise Refusal("error.unknown_action", locale=locale)
    async with services.pool.acquire() as conn:
        draft = await select_say_tone(conn, draft_id, guild_id, interaction.author_id, tone.value)
    if draft is None:
        raise Refusal("say.reply.expired", locale=locale)
    view = _view(draft, has_pair_room=draft.pair_id is not None)
    card = render_say_result(view, locale=_draft_locale(draft), tr=default_translator())
    await responder.update(card.to_payload())


async def send_to_pair(services: Services, interaction: Interaction, responder: Responder) -> None:
    """"Send to the pair room": the chosen text posted once; the card then says it was sent."""
    locale = await configured_locale(interaction, services.guilds)
    draft_id, tone = require_custom_id(interaction, parse_say_id, locale=locale)
    guild_id, user_id = interaction.guild_id, interaction.author_id
    if tone is not None or guild_id is None:
        raise Refusal("error.unknown_action", locale=locale)
    async with services.pool.acquire() as conn:
        draft = await fetch_say_draft(conn, draft_id, guild_id, user_id)
        pair = None if draft is None or draft.pair_id is None else await fetch_pair(conn, draft.pair_id)
    if draft is None:
        raise Refusal("say.reply.expired", locale=locale)
    if draft.sent_to_pair_at is not None:
        raise Refusal("say.reply.already_sent", locale=locale)
    if draft.pair_id is None:
        raise Refusal("say.reply.no_pair_room", locale=locale)
    if pair is None or pair.status != "active" or not pair.has_member(user_id):
        raise Refusal("say.reply.room_unavailable", locale=locale)
    # Recording, posting and marking take round trips to Postgres and Discord: acknowledge first.
    await responder.defer_update()
    async with services.pool.acquire() as conn, conn.transaction():
        locked = await lock_say_draft(conn, draft_id, guild_id, user_id)
        if locked is None:
            raise Refusal("say.reply.expired", locale=locale)
        if locked.sent_to_pair_at is not None:
            raise Refusal("say.reply.already_sent", locale=locale)
        effect, recorded = await record_say_send(
            conn, locked, pair, backstop_after=services.effects.lease_seconds
        )
    effect = await services.effects.perform(services, effect.id)
    if effect.status in ("failed", "dead"):
        logger.info("the /say post was not delivered", extra={"error": effect.last_error})
        raise Refusal("say.reply.room_unavailable", locale=locale)
    if effect.status != "sent":
        await responder.reply(default_translator().text(locale, "effect.reply.pending"))
        return
    if not recorded:
        # An earlier press recorded this send; it has gone out (waited for above), once.
        raise Refusal("say.reply.already_sent", locale=locale)
    async with services.pool.acquire() as conn:
        sent = await fetch_say_draft(conn, draft_id, guild_id, user_id)
    assert sent is not None  # drafts are never deleted while the member can click
    view = _view(sent, has_pair_room=True)
    await responder.update(render_say_result(view, locale=_draft_locale(sent), tr=default_translator()).to_payload())


def install(host: FeatureHost) -> None:
    """Declare ``/say``, its modal, its buttons and the send's effect kind."""
    on_submit = bind(host, submit, feature=FEATURE, action="say.submit")
    host.add_command(command("say", bind(host, open_say, feature=FEATURE, action="say.open")))
    host.add_command(
        interactions.ModalCommand(
            name="mediator_say_submit", callback=on_submit, listeners=[re.compile(f"^{re.escape(SAY_MODAL_ID)}$")]
        )
    )
    on_tone = bind(host, choose_tone, feature=FEATURE, action="say.tone")
    host.add_command(component("mediator_say_tone", on_tone, prefix="t1:say:tone:"))
    on_send = bind(host, send_to_pair, feature=FEATURE, action="say.send")
    host.add_command(component("mediator_say_send", on_send, prefix="t1:say:send:"))
    host.add_control_hint("t1:say:", "say.hint.outdated")
    host.add_effect_kind(SAY_SEND)
