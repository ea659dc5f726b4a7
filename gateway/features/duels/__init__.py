"""Duels: ``/duel start|round start|end``, round notices and answers, the scoreboard, and their two jobs."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import interactions

from gateway._handler import interaction_handler
from gateway._host import FeatureHost
from gateway.domain import MAX_ROUND_MINUTES, MIN_ROUND_MINUTES
from gateway.features._commands import option, subcommand
from gateway.features._projection_jobs import DUEL_SCOREBOARD
from gateway.features.duels._answer import answer_button, submit_answer
from gateway.features.duels._board import board_button, load_scoreboard
from gateway.features.duels._manage import end_duel, start_duel, start_round
from gateway.features.duels._rounds import close_due_round
from gateway.projection import ProjectionKind
from store import DuelRoundClose, DuelScoreboardRefresh, JobContext, JobRegistry

__all__ = ("install", "load_scoreboard")

logger = logging.getLogger(__name__)


def install(host: FeatureHost) -> None:
    """Declare the duel commands, buttons, modal and job handlers."""

    @interaction_handler(feature="duels", action="start")
    async def on_start(ctx: Any) -> None:
        await start_duel(host.services, ctx)

    @interaction_handler(feature="duels", action="round.start")
    async def on_round_start(ctx: Any) -> None:
        await start_round(host.services, ctx)

    @interaction_handler(feature="duels", action="end")
    async def on_end(ctx: Any) -> None:
        await end_duel(host.services, ctx)

    @interaction_handler(feature="duels", action="answer.open")
    async def on_answer(ctx: Any) -> None:
        await answer_button(host.services, ctx)

    @interaction_handler(feature="duels", action="answer.submit")
    async def on_submit(ctx: Any) -> None:
        await submit_answer(host.services, ctx)

    @interaction_handler(feature="duels", action="board.button")
    async def on_board(ctx: Any) -> None:
        await board_button(host.services, ctx)

    async def close_round(payload: DuelRoundClose, ctx: JobContext) -> None:
        async with host.services.pool.acquire() as conn, conn.transaction():
            result = await close_due_round(conn, uuid.UUID(payload.duel_id), payload.round_no)
        logger.info(
            "duel round close",
            extra={"duel_id": payload.duel_id, "round_no": payload.round_no, "outcome": result.outcome},
        )

    async def refresh_scoreboard(payload: DuelScoreboardRefresh, ctx: JobContext) -> None:
        logger.info("scoreboard refresh requested", extra={"duel_id": payload.duel_id, "reason": payload.reason})
        host.services.projections.refresh(DUEL_SCOREBOARD, payload.guild_id, payload.duel_id)

    def install_jobs(registry: JobRegistry) -> None:
        registry.set_handler("duel.round.close", close_round)
        registry.set_handler("duel.scoreboard.refresh", refresh_scoreboard)

    channel = option(
        "duel.start.option.public_channel",
        interactions.OptionType.CHANNEL,
        channel_types=[interactions.ChannelType.GUILD_TEXT, interactions.ChannelType.GUILD_NEWS],
    )
    minutes = option(
        "duel.round.start.option.duration_minutes",
        interactions.OptionType.INTEGER,
        min_value=MIN_ROUND_MINUTES,
        max_value=MAX_ROUND_MINUTES,
    )
    host.add_command(subcommand("duel", "start", on_start, options=[channel]))
    host.add_command(subcommand("duel", "start", on_round_start, group="round", options=[minutes]))
    host.add_command(subcommand("duel", "end", on_end))
    host.add_command(
        interactions.ComponentCommand(
            name="duel_answer", callback=on_answer, listeners=[re.compile(r"^t1:duel:answer:")]
        )
    )
    host.add_command(
        interactions.ModalCommand(
            name="duel_submit", callback=on_submit, listeners=[re.compile(r"^t1:duel:submit:")], just_ctx=True
        )
    )
    host.add_command(
        interactions.ComponentCommand(name="duel_board", callback=on_board, listeners=[re.compile(r"^t1:duel_board:")])
    )
    host.add_jobs(install_jobs)
    host.add_projection(ProjectionKind(name=DUEL_SCOREBOARD, load=load_scoreboard))
