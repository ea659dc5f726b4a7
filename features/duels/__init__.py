"""Duels: ``/duel start|round start|end``, round notices and answers, the round close job and the scoreboard
(refreshed by its ``duel.scoreboard.refresh`` job)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import interactions

from features.duels._answer import answer_button, submit_answer
from features.duels._board import DUEL_SCOREBOARD, board_button
from features.duels._jobs import ROUND_CLOSE, DuelRoundClose
from features.duels._manage import end_duel, start_duel, start_round
from features.duels._pair_home import DUEL_SECTION, join_running_duel
from features.duels._rounds import close_due_round
from features.duels._rules import MAX_ROUND_MINUTES, MIN_ROUND_MINUTES
from features.kernel import FeatureHost, bind, component, modal, option, subcommand
from gateway.i18n import register_catalog
from store import JobContext

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)

logger = logging.getLogger(__name__)


def install(host: FeatureHost) -> None:
    """Declare the duel commands, buttons, modal, the round close job's handler and the scoreboard."""
    on_start = bind(host, start_duel, feature="duels", action="start")
    on_round_start = bind(host, start_round, feature="duels", action="round.start")
    on_end = bind(host, end_duel, feature="duels", action="end")
    on_answer = bind(host, answer_button, feature="duels", action="answer.open")
    on_submit = bind(host, submit_answer, feature="duels", action="answer.submit")
    on_board = bind(host, board_button, feature="duels", action="board.button")

    async def close_round(payload: DuelRoundClose, ctx: JobContext) -> None:
        async with host.services.pool.acquire() as conn, conn.transaction():
            result = await close_due_round(conn, uuid.UUID(payload.duel_id), payload.round_no)
        logger.info(
            "duel round close",
            extra={"duel_id": payload.duel_id, "round_no": payload.round_no, "outcome": result.outcome},
        )

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
    host.add_command(component("duel_answer", on_answer, prefix="t1:duel:answer:"))
    host.add_command(modal("duel_submit", on_submit, prefix="t1:duel:submit:"))
    host.add_command(component("duel_board", on_board, prefix="t1:duel_board:"))
    for prefix in ("t1:duel:", "t1:duel_board:"):
        host.add_control_hint(prefix, "duel.hint.outdated")
    host.add_job(ROUND_CLOSE, close_round)
    host.add_pair_home_section(DUEL_SECTION)
    host.add_pair_created_listener(join_running_duel)
    host.add_projection(DUEL_SCOREBOARD)
