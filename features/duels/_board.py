"""The public scoreboard: its projection (version read and loader) and its buttons."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

from features.duels._ids import DuelBoardAction, parse_duel_board_id
from features.duels._jobs import SCOREBOARD_REFRESH
from features.duels._render import ScoreboardView, render_scoreboard
from features.duels._rules import VOTE_MINUTES, DuelStatus, RoundStatus
from features.duels._scoreboard import ScoreboardPair, ScoreboardRound, ScoreboardSubmission, build_scoreboard
from features.duels._store import Duel, answer_count, fetch_duel, rounds_of, scoreboard_version, submissions_of
from features.kernel import (
    GuildSettings,
    Services,
    active_pairs,
    pairs_of_member,
    require_custom_id,
    require_guild,
    rooms_text,
)
from gateway import NO_MENTIONS, Interaction, Responder
from gateway.i18n import default_translator
from gateway.projection import ProjectionKind, Snapshot, Stamp
from store import Connection


async def _shown_duel(conn: Connection, guild_id: str, entity_id: str) -> Duel | None:
    try:
        duel_id = uuid.UUID(entity_id)
    except ValueError:
        return None
    duel = await fetch_duel(conn, duel_id)
    return None if duel is None or duel.guild_id != guild_id else duel


async def scoreboard_version_of(conn: Connection, guild_id: str, entity_id: str) -> Stamp | None:
    """The scoreboard's channel and version (the duel row and its answer count, nothing rendered)."""
    duel = await _shown_duel(conn, guild_id, entity_id)
    if duel is None:
        return None
    version = scoreboard_version(duel, await answer_count(conn, duel.id))
    return Stamp(channel_id=duel.public_channel_id, version=version)


async def load_scoreboard(
    services: Services, conn: Connection, settings: GuildSettings, entity_id: str
) -> Snapshot | None:
    """The scoreboard of duel ``entity_id`` as it is now (read through the projection's snapshot, with its
    version)."""
    duel = await _shown_duel(conn, settings.guild_id, entity_id)
    if duel is None:
        return None
    locale = settings.locale
    rounds = await rounds_of(conn, duel.id)
    pairs = await active_pairs(conn, settings.guild_id)
    submissions = await submissions_of(conn, duel.id)
    snapshot = build_scoreboard(
        duel_status=DuelStatus(duel.status),
        rounds=[
            ScoreboardRound(
                round_no=r.round_no,
                status=RoundStatus(r.status),
                ends_at=r.ends_at,
                question=r.question,
                votes_end_at=r.votes_end_at,
                counted=r.counted,
            )
            for r in rounds
        ],
        pairs=[ScoreboardPair(pair_id=str(p.id), user1_id=p.user_low, user2_id=p.user_high) for p in pairs],
        submissions=[
            ScoreboardSubmission(
                pair_id=str(s.pair_id), round_no=s.round_no, answer=s.answer, counted=s.counted, votes=s.votes
            )
            for s in submissions
        ],
    )
    view = ScoreboardView(duel_id=duel.id, snapshot=snapshot, updated_at=dt.datetime.now(dt.UTC))
    body = render_scoreboard(view, locale=locale, tr=default_translator()).to_payload()
    body["allowed_mentions"] = NO_MENTIONS
    version = scoreboard_version(duel, len(submissions))
    return Snapshot(channel_id=duel.public_channel_id, version=version, body=body)


#: The duel's public scoreboard in the channel named at ``/duel start``.
DUEL_SCOREBOARD: Final = ProjectionKind(
    name="duel_scoreboard", version=scoreboard_version_of, load=load_scoreboard, refresh=SCOREBOARD_REFRESH
)


async def board_button(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Scoreboard buttons: the rules, how to take part, and a link to the member's pair room."""
    settings = await require_guild(interaction, services)
    locale = settings.locale
    tr = default_translator()
    action, _duel_id = require_custom_id(interaction, parse_duel_board_id, locale=locale)
    if action is DuelBoardAction.RULES:
        await responder.reply(
            tr.text(locale, "duel.board.rules_text", minutes=tr.plural(locale, "duel.minutes", VOTE_MINUTES))
        )
    elif action is DuelBoardAction.HOW:
        await responder.reply(tr.text(locale, "duel.board.how_text"))
    else:
        async with services.pool.acquire() as conn:
            pairs = await pairs_of_member(conn, settings.guild_id, interaction.author_id)
        await responder.reply(rooms_text(pairs, locale))
