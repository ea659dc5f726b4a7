"""The public scoreboard: its state loader (for the projection actor) and its buttons."""

from __future__ import annotations

import datetime as dt
import uuid

from features.duels._ids import DuelBoardAction, parse_duel_board_id
from features.duels._render import ScoreboardView, render_scoreboard
from features.duels._rules import DuelStatus, RoundStatus
from features.duels._scoreboard import ScoreboardPair, ScoreboardRound, ScoreboardSubmission, build_scoreboard
from features.duels._store import fetch_duel, rounds_of, scoreboard_version, submissions_of
from features.kernel import Services, active_pairs, pairs_of_member, require_custom_id, require_guild, rooms_text
from gateway import NO_MENTIONS, Interaction, Responder
from gateway.i18n import default_translator
from gateway.projection import Snapshot


async def load_scoreboard(services: Services, guild_id: str, entity_id: str) -> Snapshot | None:
    """The scoreboard of duel ``entity_id`` as it is now (read in one snapshot with its version)."""
    try:
        duel_id = uuid.UUID(entity_id)
    except ValueError:
        return None
    locale = (await services.guilds.get(guild_id)).locale
    async with services.pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        duel = await fetch_duel(conn, duel_id)
        if duel is None or duel.guild_id != guild_id:
            return None
        rounds = await rounds_of(conn, duel_id)
        pairs = await active_pairs(conn, guild_id)
        submissions = await submissions_of(conn, duel_id)
    snapshot = build_scoreboard(
        duel_status=DuelStatus(duel.status),
        rounds=[ScoreboardRound(round_no=r.round_no, status=RoundStatus(r.status), ends_at=r.ends_at) for r in rounds],
        pairs=[ScoreboardPair(pair_id=str(p.id), user1_id=p.user_low, user2_id=p.user_high) for p in pairs],
        submissions=[
            ScoreboardSubmission(pair_id=str(s.pair_id), round_no=s.round_no, answer=s.answer) for s in submissions
        ],
    )
    view = ScoreboardView(duel_id=duel.id, snapshot=snapshot, updated_at=dt.datetime.now(dt.UTC))
    body = render_scoreboard(view, locale=locale, tr=default_translator()).to_payload()
    body["allowed_mentions"] = NO_MENTIONS
    version = scoreboard_version(duel, len(submissions))
    return Snapshot(channel_id=duel.public_channel_id, version=version, body=body)


async def board_button(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Scoreboard buttons: the rules, how to take part, and a link to the member's pair room."""
    settings = await require_guild(interaction, services)
    locale = settings.locale
    tr = default_translator()
    action, _duel_id = require_custom_id(interaction, parse_duel_board_id, locale=locale)
    if action is DuelBoardAction.RULES:
        await responder.reply(tr.text(locale, "duel.board.rules_text"))
    elif action is DuelBoardAction.HOW:
        await responder.reply(tr.text(locale, "duel.board.how_text"))
    else:
        async with services.pool.acquire() as conn:
            pairs = await pairs_of_member(conn, settings.guild_id, interaction.author_id)
        await responder.reply(rooms_text(pairs, locale))
