"""Duels: ``/duel start|round start|end``, round questions (the moderator's own or the bank's), notices and
answers, the reveal of a round's answers and the members' vote on them (closed by the round close job, which
makes the round count), and the scoreboard (refreshed by its ``duel.scoreboard.refresh`` job)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import interactions

from features.duels._answer import answer_button, submit_answer
from features.duels._board import DUEL_SCOREBOARD, board_button
from features.duels._jobs import ROUND_CLOSE, DuelRoundClose
from features.duels._manage import end_duel, start_duel, start_round
from features.duels._notices import ROUND_NOTICE
from features.duels._pair_home import DUEL_SECTION, join_running_duel
from features.duels._questions import check_question_content
from features.duels._reveal import ANSWERS_REVEAL
from features.duels._rounds import close_due_round
from features.duels._rules import MAX_QUESTION_LENGTH, MAX_ROUND_MINUTES, MIN_QUESTION_LENGTH, MIN_ROUND_MINUTES
from features.duels._vote import vote_button
from features.kernel import FeatureHost, bind, component, modal, option, subcommand
from gateway.i18n import register_catalog
from store import JobContext

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)

logger = logging.getLogger(__name__)


def install(host: FeatureHost) -> None:
    """Declare the duel commands, buttons, modal, the round close job's handler, the round notice effect and
    the scoreboard."""
    on_start = bind(host, start_duel, feature="duels", action="start")
    on_round_start = bind(host, start_round, feature="duels", action="round.start")
    on_end = bind(host, end_duel, feature="duels", action="end")
    on_answer = bind(host, answer_button, feature="duels", action="answer.open")
    on_submit = bind(host, submit_answer, feature="duels", action="answer.submit")
    on_board = bind(host, board_button, feature="duels", action="board.button")
    on_vote = bind(host, vote_button, feature="duels", action="vote")

    async def close_round(payload: DuelRoundClose, ctx: JobContext) -> None:
        async with host.services.pool.acquire() as conn, conn.transaction():
            result = await close_due_round(conn, uuid.UUID(payload.duel_id), payload.round_no, payload.phase)
        logger.info(
            "duel round close",
            extra={
                "duel_id": payload.duel_id,
                "round_no": payload.round_no,
                "phase": payload.phase,
                "outcome": result.outcome,
            },
        )
        # The reveal is in the channel as soon as the answers close; the effects job is the backstop.
        for reveal_id in result.reveal_ids:
            await host.services.effects.perform(host.services, reveal_id)

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
    question = option(
        "duel.round.start.option.question",
        interactions.OptionType.STRING,
        required=False,
        min_length=MIN_QUESTION_LENGTH,
        max_length=MAX_QUESTION_LENGTH,
    )
    host.add_command(subcommand("duel", "start", on_round_start, group="round", options=[minutes, question]))
    host.add_command(subcommand("duel", "end", on_end))
    host.add_command(component("duel_answer", on_answer, prefix="t1:duel:answer:"))
    host.add_command(modal("duel_submit", on_submit, prefix="t1:duel:submit:"))
    host.add_command(component("duel_board", on_board, prefix="t1:duel_board:"))
    host.add_command(component("duel_vote", on_vote, prefix="t1:duel:vote:"))
    for prefix in ("t1:duel:", "t1:duel_board:"):
        host.add_control_hint(prefix, "duel.hint.outdated")
    host.add_job(ROUND_CLOSE, close_round)
    host.add_effect_kind(ROUND_NOTICE)
    host.add_effect_kind(ANSWERS_REVEAL)
    host.add_content_check(check_question_content)
    host.add_pair_home_section(DUEL_SECTION)
    host.add_pair_created_listener(join_running_duel)
    host.add_projection(DUEL_SCOREBOARD)
