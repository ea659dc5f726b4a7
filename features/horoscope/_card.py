"""The weekly card: one public message per guild, ``projection:horoscope:<guild>:card``.

Its version is the horoscope week's running number plus the moderators' "publish now" count: it grows when
Monday 10:00 passes in the guild's zone (the schedule's refresh then edits the card to the new week) and with
every "publish now" (which always reaches the message, and posts it again if it was deleted). The channel and
the language are the guild's settings, whose version the projection runtime adds itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from features.horoscope._content import horoscope_content
from features.horoscope._jobs import CARD_ENTITY, PUBLISH_REFRESH
from features.horoscope._render import render_card
from features.horoscope._rules import horoscope_week, week_number
from features.horoscope._store import card_publications
from features.kernel import (
    Feature,
    FeatureStatus,
    GuildSettings,
    Services,
    evaluate_feature,
    feature_flags,
    fetch_guild_settings,
    settings_values,
    zone,
)
from gateway import NO_MENTIONS
from gateway.i18n import default_translator
from gateway.projection import ProjectionKind, Snapshot, Stamp
from store import Connection


def card_channel(settings: GuildSettings) -> str | None:
    """The card's channel while the feature is on and configured; None otherwise (nothing to show)."""
    state = evaluate_feature(Feature.HOROSCOPE, feature_flags(settings.features), settings_values(settings))
    return settings.horoscope_channel_id if state.status is FeatureStatus.READY else None


def card_week(settings: GuildSettings, default_timezone: str, now: dt.datetime) -> dt.date:
    """The horoscope week the card shows at ``now`` in the guild's zone."""
    return horoscope_week(now, zone(settings.timezone_or(default_timezone)))


def current_week(services: Services, settings: GuildSettings) -> dt.date:
    """The horoscope week now, in the guild's zone (what the card shows and readings belong to)."""
    return card_week(settings, services.default_timezone, dt.datetime.now(dt.UTC))


def horoscope_card(default_timezone: Callable[[], str]) -> ProjectionKind:
    """The card's projection kind; ``default_timezone()`` is the bot's zone for guilds that set none."""

    async def stamp(conn: Connection, guild_id: str, entity_id: str) -> Stamp | None:
        if entity_id != CARD_ENTITY:
            return None
        settings = await fetch_guild_settings(conn, guild_id)
        channel = card_channel(settings)
        if channel is None:
            return None
        week = card_week(settings, default_timezone(), dt.datetime.now(dt.UTC))
        return Stamp(channel_id=channel, version=week_number(week) + await card_publications(conn, guild_id))

    async def load(services: Services, conn: Connection, settings: GuildSettings, entity_id: str) -> Snapshot | None:
        channel = card_channel(settings)
        if entity_id != CARD_ENTITY or channel is None:
            return None
        week = card_week(settings, default_timezone(), dt.datetime.now(dt.UTC))
        version = week_number(week) + await card_publications(conn, settings.guild_id)
        card = render_card(settings.guild_id, week, horoscope_content(), locale=settings.locale,
                           tr=default_translator())
        body = card.to_payload()
        body["allowed_mentions"] = NO_MENTIONS
        return Snapshot(channel_id=channel, version=version, body=body)

    return ProjectionKind(name="horoscope", version=stamp, load=load, refresh=PUBLISH_REFRESH)
