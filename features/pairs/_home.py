"""The Pair Home panel: its state loader (for the projection actor) and its members-only buttons.

The version read is the pair row's version (``pairs.version`` grows with every change the panel shows, the
sections' included). The loader reads the pair and every section's state (see
``features.kernel.PairHomeSection``) through the projection's repeatable-read snapshot, so the version it
returns is exactly the version of the state it rendered; the projection never shows an older state after a
newer one.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence

from features.kernel import (
    PAIR_HOME,
    GuildSettings,
    Pair,
    PairHomeSection,
    ServiceHandler,
    Services,
    fetch_pair,
    parse_pair_home_id,
    require_custom_id,
    require_guild,
)
from features.pairs._render import PairHomeView, render_pair_home
from gateway import NO_MENTIONS, Interaction, Refusal, Responder
from gateway.i18n import default_translator
from gateway.projection import ProjectionKind, Snapshot, Stamp
from store import Connection

logger = logging.getLogger(__name__)


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


def pair_home_projection(sections: Sequence[PairHomeSection]) -> ProjectionKind:
    """The Pair Home panel in the pair's room, pinned once right after it is first posted, showing ``sections``
    (read when it renders: features install after pairs)."""

    async def load_pair_home(
        services: Services, conn: Connection, settings: GuildSettings, entity_id: str
    ) -> Snapshot | None:
        """The panel of pair ``entity_id`` as it is now; None when the pair is gone or no longer active."""
        pair = await _shown_pair(conn, settings.guild_id, entity_id)
        if pair is None:
            return None
        states = [(section, await section.load(conn, pair)) for section in sections]
        tr = default_translator()
        view = PairHomeView(
            pair_id=pair.id,
            user1_id=pair.user_low,
            user2_id=pair.user_high,
            updated_at=dt.datetime.now(dt.UTC),
            parts=tuple(section.render(state, pair, settings.locale, tr) for section, state in states),
        )
        body = render_pair_home(view, locale=settings.locale, tr=tr).to_payload()
        body["allowed_mentions"] = NO_MENTIONS
        return Snapshot(channel_id=pair.private_channel_id, version=pair.version, body=body)

    return ProjectionKind(
        name=PAIR_HOME.name, version=pair_home_version, load=load_pair_home, refresh=PAIR_HOME.refresh, pin=True
    )


def pair_home_button(sections: Sequence[PairHomeSection]) -> ServiceHandler:
    """The handler of the panel's info buttons: only the pair's two members may use one; anyone else is
    refused and nothing is written."""

    async def press(services: Services, interaction: Interaction, responder: Responder) -> None:
        settings = await require_guild(interaction, services)
        locale = settings.locale
        by_action = {s.info_action: s for s in sections if s.info_action is not None and s.info is not None}
        action, pair_id = require_custom_id(
            interaction, lambda custom_id: parse_pair_home_id(custom_id, tuple(by_action)), locale=locale
        )
        section = by_action[action]
        async with services.pool.acquire() as conn:
            pair = await fetch_pair(conn, pair_id)
            if pair is None or pair.status != "active" or pair.guild_id != settings.guild_id:
                raise Refusal("pair_home.reply.panel_gone", locale=locale)
            if not pair.has_member(interaction.author_id):
                logger.info("pair home button refused: not a member", extra={"pair_id": str(pair.id)})
                raise Refusal("error.not_pair_member", locale=locale)
            state = await section.load(conn, pair)
        assert section.info is not None  # by_action holds only sections with an info text
        await responder.reply(section.info(state, locale, default_translator()))

    return press
