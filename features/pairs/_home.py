"""The Pair Home panel: its state loader (for the projection actor) and its members-only buttons.

The loader reads the pair and every section's state (see ``features.kernel.PairHomeSection``) in one
repeatable-read snapshot, so the version it returns is exactly the version of the state it rendered; the
projection never shows an older state after a newer one.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence

from features.kernel import (
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
from gateway.projection import Loader, Snapshot

logger = logging.getLogger(__name__)


def pair_home_loader(sections: Sequence[PairHomeSection]) -> Loader:
    """The projection loader of the panel, showing ``sections`` (read when it runs: features install later)."""

    async def load_pair_home(services: Services, guild_id: str, entity_id: str) -> Snapshot | None:
        """The panel of pair ``entity_id`` as it is now; None when the pair is gone or no longer active."""
        try:
            pair_id = uuid.UUID(entity_id)
        except ValueError:
            return None
        settings = await services.guilds.get(guild_id)
        async with services.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
            pair = await fetch_pair(conn, pair_id)
            if pair is None or pair.guild_id != guild_id or pair.status != "active":
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

    return load_pair_home


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
