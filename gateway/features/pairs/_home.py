"""The Pair Home panel: its projection (version read and loader) and its members-only buttons.

The version read is the pair row's version (``pairs.version`` grows with every change the panel shows). The
loader reads the pair and the guild's duel through the projection's repeatable-read snapshot, so the version
it returns is exactly the version of the state it rendered; the projection never shows an older state after a
newer one.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any, Final

from gateway._host import Services
from gateway._refusal import Refusal
from gateway._reply import NO_MENTIONS, reply
from gateway.domain import (
    PairHomeAction,
    discord_timestamp,
    parse_pair_home_id,
    week_start,
    zone,
)
from gateway.domain.render import PairHomeDuel, PairHomeView, render_pair_home
from gateway.features._access import require_custom_id, require_guild_locale
from gateway.features._projection_jobs import PAIR_HOME_REFRESH
from gateway.i18n import Locale, default_translator
from gateway.projection import ProjectionKind, Snapshot, Stamp
from store._duels import active_duel, active_round, pair_answered
from store._guild_settings import GuildSettings
from store._pairs import Pair, fetch_pair
from store._pool import Connection

logger = logging.getLogger(__name__)


async def _duel_view(conn: Connection, pair: Pair) -> PairHomeDuel | None:
    duel = await active_duel(conn, pair.guild_id)
    if duel is None:
        return None
    current = await active_round(conn, duel.id)
    if current is None:
        return PairHomeDuel()
    return PairHomeDuel(
        round_no=current.round_no,
        round_id=current.id,
        ends_at=current.ends_at,
        submitted=await pair_answered(conn, current.id, pair.id),
    )


async def _shown_pair(conn: Connection, guild_id: str, entity_id: str) -> Pair | None:
    """The active pair ``entity_id`` of ``guild_id``, whose panel is shown; None when there is none."""
    try:
        pair_id = uuid.UUID(entity_id)
    except ValueError:
        return None
    pair = await fetch_pair(conn, pair_id)
    if pair is None or pair.guild_id != guild_id or pair.status != "active":
        return None
    return pair


async def pair_home_version(conn: Connection, guild_id: str, entity_id: str) -> Stamp | None:
    """The panel's room and version, from the pair row alone; None when the pair is gone or no longer active."""
    pair = await _shown_pair(conn, guild_id, entity_id)
    return None if pair is None else Stamp(channel_id=pair.private_channel_id, version=pair.version)


async def load_pair_home(
    services: Services, conn: Connection, settings: GuildSettings, entity_id: str
) -> Snapshot | None:
    """The panel of pair ``entity_id`` as it is now; None when the pair is gone or no longer active."""
    pair = await _shown_pair(conn, settings.guild_id, entity_id)
    if pair is None:
        return None
    duel = await _duel_view(conn, pair)
    now = dt.datetime.now(dt.UTC)
    view = PairHomeView(
        pair_id=pair.id,
        user1_id=pair.user_low,
        user2_id=pair.user_high,
        week_start=week_start(now, zone(settings.timezone, default=services.default_timezone)),
        checkin_submitted=False,
        updated_at=now,
        # The check-in and raid features are not part of this bot yet; their lines and buttons stay hidden.
        checkin_enabled=False,
        raid_enabled=False,
        duel=duel,
    )
    body = render_pair_home(view, locale=settings.locale, tr=default_translator()).to_payload()
    body["allowed_mentions"] = NO_MENTIONS
    return Snapshot(channel_id=pair.private_channel_id, version=pair.version, body=body)


#: The Pair Home panel in the pair's room, pinned once right after it is first posted.
PAIR_HOME: Final = ProjectionKind(
    name="pair_home", version=pair_home_version, load=load_pair_home, refresh=PAIR_HOME_REFRESH, pin=True
)


def _duel_info_text(duel: PairHomeDuel | None, locale: Locale) -> str:
    tr = default_translator()
    if duel is None:
        return tr.text(locale, "pair_home.reply.duel_none")
    if duel.round_no is None or duel.ends_at is None:
        return tr.text(locale, "pair_home.reply.duel_waiting")
    if duel.submitted:
        return tr.text(locale, "pair_home.reply.duel_answered", round=duel.round_no)
    return tr.text(locale, "pair_home.reply.duel_open", round=duel.round_no, ends=discord_timestamp(duel.ends_at))


async def pair_home_button(services: Services, ctx: Any) -> None:
    """A Pair Home button: only the pair's two members may use it; anyone else is refused, nothing written."""
    locale = await require_guild_locale(ctx, services)
    action, pair_id = require_custom_id(ctx, parse_pair_home_id, locale=locale)
    async with services.pool.acquire() as conn:
        pair = await fetch_pair(conn, pair_id)
        if pair is None or pair.status != "active" or pair.guild_id != str(ctx.guild_id):
            raise Refusal("pair_home.reply.panel_gone", locale=locale)
        if not pair.has_member(str(ctx.author_id)):
            logger.info("pair home button refused: not a member", extra={"pair_id": str(pair.id)})
            raise Refusal("error.not_pair_member", locale=locale)
        if action is not PairHomeAction.DUEL_INFO:
            # Check-in and raid buttons are never rendered while those features are absent.
            raise Refusal("error.unknown_action", locale=locale)
        duel = await _duel_view(conn, pair)
    await reply(ctx, _duel_info_text(duel, locale))
