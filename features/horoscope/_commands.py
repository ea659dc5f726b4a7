"""``/horoscope publish-now`` (admin or moderator) and ``/horoscope status`` (features.md §5.4/§6.5, without
§16.10 and §16.11: the schedule is the guild's own Monday 10:00, and a status read writes nothing)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from features.horoscope._card import current_week
from features.horoscope._content import horoscope_content
from features.horoscope._jobs import CARD_ENTITY, CARD_TARGET
from features.horoscope._reading import week_label, week_theme
from features.horoscope._rules import next_publication
from features.horoscope._store import count_publication
from features.kernel import (
    CHANNEL_POST_PERMISSIONS,
    Feature,
    GuildSettings,
    Services,
    missing_permissions,
    parse_permissions,
    permission_names,
    require_admin_or_moderator,
    require_feature,
    zone,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import Locale, default_translator
from gateway.projection import request_refresh


def _postable_channel(interaction: Interaction, settings: GuildSettings) -> str:
    """The configured channel, refused unless the bot can post there."""
    locale = settings.locale
    channel_id = settings.horoscope_channel_id
    cached = None if channel_id is None else interaction.guild_channels.channel(channel_id)
    if channel_id is None or cached is None:
        raise Refusal("horoscope.reply.channel_unavailable", locale=locale)
    missing = missing_permissions(parse_permissions(cached.bot_permissions), CHANNEL_POST_PERMISSIONS)
    if missing:
        names = permission_names(missing, locale=locale, tr=default_translator())
        raise Refusal("horoscope.reply.cannot_post", locale=locale, channel=f"<#{channel_id}>", missing=names)
    return channel_id


def _week_line(settings: GuildSettings, week: dt.date, locale: Locale) -> str:
    tr = default_translator()
    theme = horoscope_content().theme(week_theme(settings.guild_id, week, horoscope_content())).words(locale)
    return tr.text(locale, "horoscope.status.week", week=week_label(week, locale, tr), theme=theme.title)


async def publish_now(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Show this week's card at once (posting it if it is missing, editing it otherwise)."""
    await require_admin_or_moderator(interaction, services)
    settings = await require_feature(interaction, services, Feature.HOROSCOPE)
    locale = settings.locale
    channel_id = _postable_channel(interaction, settings)
    async with services.pool.acquire() as conn, conn.transaction():
        await count_publication(conn, settings.guild_id)
        await request_refresh(conn, [CARD_TARGET.ref(settings.guild_id, CARD_ENTITY)], reason="publish_now")
    week = current_week(services, settings)
    text = default_translator().text(
        locale, "horoscope.reply.published", channel=f"<#{channel_id}>", week=_week_line(settings, week, locale)
    )
    await responder.reply(text)


async def status(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The channel, the current week and its theme, and the next publication in the guild's zone. Reads only."""
    settings = await require_feature(interaction, services, Feature.HOROSCOPE)
    locale = settings.locale
    tr = default_translator()
    timezone = settings.timezone_or(services.default_timezone)
    now = dt.datetime.now(dt.UTC)
    week = current_week(services, settings)
    upcoming = next_publication(now, zone(timezone)).astimezone(zone(timezone))
    when = f"{format_date(upcoming.date(), format='EEEE, d MMMM', locale=locale)}, {upcoming:%H:%M} ({timezone})"
    channel = settings.horoscope_channel_id
    lines = (
        f"**{tr.text(locale, 'horoscope.card.title')}**",
        tr.text(locale, "horoscope.status.channel", channel=f"<#{channel}>" if channel else "—"),
        _week_line(settings, week, locale),
        tr.text(locale, "horoscope.status.next", when=when),
    )
    await responder.reply("\n".join(lines))
