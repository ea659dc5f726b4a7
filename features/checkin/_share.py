"""Sharing a check-in's agreement in the public channel (features.md §7.4), once per check-in.

The post is a public post of the ``checkin_agreement`` kind, keyed by the check-in: however often either
partner presses the button, one post is queued, and ``public.post.publish`` sends it (worded in the guild's
language when it goes out). The scores stay private: only the agreement and the week are shared.
"""

from __future__ import annotations

import logging
from typing import Final

from features.checkin._agreements import agreement_text
from features.checkin._ids import parse_share_id
from features.checkin._render import render_shared_post
from features.checkin._store import fetch_checkin
from features.kernel import (
    Effect,
    Feature,
    GuildSettings,
    Services,
    fetch_pair,
    produce_post,
    require_custom_id,
    require_feature,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import default_translator

logger = logging.getLogger(__name__)

#: The post kind of a shared agreement.
SHARED_KIND: Final = "checkin_agreement"


async def share(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The share button: the agreement queued for the public channel once; a repeat says it already was."""
    settings = await require_feature(interaction, services, Feature.CHECKIN)
    locale = settings.locale
    checkin_id = require_custom_id(interaction, parse_share_id, locale=locale)
    channel_id = settings.public_post_channel_id
    assert channel_id is not None  # the check-in feature is ready only with a public channel
    async with services.pool.acquire() as conn, conn.transaction():
        checkin = await fetch_checkin(conn, checkin_id)
        if checkin is None or checkin.guild_id != settings.guild_id:
            raise Refusal("checkin.reply.checkin_gone", locale=locale)
        pair = await fetch_pair(conn, checkin.pair_id)
        if pair is None or pair.status != "active" or not pair.has_member(interaction.author_id):
            raise Refusal("checkin.reply.not_your_checkin", locale=locale)
        produced = await produce_post(
            conn, guild_id=settings.guild_id, kind=SHARED_KIND, channel_id=channel_id,
            payload={
                "week_key": checkin.week_key,
                "agreement_key": checkin.agreement_key,
                "members": [pair.user_low, pair.user_high],
            },
            key=f"checkin-share:{checkin.id}",
        )
    logger.info("check-in agreement shared", extra={"checkin_id": str(checkin.id), "queued": produced.queued})
    key = "checkin.reply.shared" if produced.queued else "checkin.reply.already_shared"
    await responder.reply(default_translator().text(locale, key, channel=f"<#{channel_id}>"))


def render_shared(effect: Effect, settings: GuildSettings) -> str:
    """The shared agreement's post, worded when it is sent."""
    first, second = (str(member) for member in effect.payload["members"])
    return render_shared_post(
        week_key=str(effect.payload["week_key"]),
        agreement=agreement_text(str(effect.payload["agreement_key"]), settings.locale),
        members=(first, second), locale=settings.locale, tr=default_translator(),
    )
