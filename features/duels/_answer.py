"""A pair's answer to a round: the button opens the modal, the modal stores the answer once per pair and round.

Only the pair's two members get the modal; a double click, a second submit or the partner's answer after the
first one are told the first answer counts (the store's unique key decides under concurrency).
"""

from __future__ import annotations

import datetime as dt
import logging

from features.duels._errors import InvalidAnswer
from features.duels._ids import parse_duel_id
from features.duels._render import ANSWER_INPUT_ID, render_answer_modal
from features.duels._rounds import accept_answer
from features.duels._rules import MAX_ANSWER_LENGTH, MIN_ANSWER_LENGTH, RoundStatus, SubmissionOutcome, validate_answer
from features.duels._store import fetch_round, pair_answered
from features.kernel import Services, fetch_pair, require_custom_id, require_guild_locale
from gateway import Interaction, Refusal, Responder
from gateway.i18n import default_translator

logger = logging.getLogger(__name__)


async def answer_button(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The round's "answer" button: the modal for the pair's members while the round is open."""
    locale = await require_guild_locale(interaction, services)
    tr = default_translator()
    ref = require_custom_id(interaction, parse_duel_id, locale=locale)
    async with services.pool.acquire() as conn:
        pair = await fetch_pair(conn, ref.pair_id)
        if pair is None or pair.status != "active" or not pair.has_member(interaction.author_id):
            raise Refusal("error.not_pair_member", locale=locale)
        # The same order as the submission rule: a pair that answered hears that its answer counts.
        if await pair_answered(conn, ref.round_id, pair.id):
            raise Refusal("duel.reply.answer_already", locale=locale)
        duel_round = await fetch_round(conn, ref.round_id)
        if duel_round is None or RoundStatus(duel_round.status) is not RoundStatus.ACTIVE or (
            duel_round.ends_at <= dt.datetime.now(dt.UTC)
        ):
            raise Refusal("duel.reply.round_closed", locale=locale)
    modal = render_answer_modal(
        round_id=duel_round.id,
        pair_id=pair.id,
        round_no=duel_round.round_no,
        question=duel_round.question,
        locale=locale,
        tr=tr,
    )
    await responder.open_modal(modal.to_payload())


async def submit_answer(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The answer modal: validate, store once, and say whether this answer is the one that counts."""
    locale = await require_guild_locale(interaction, services)
    tr = default_translator()
    ref = require_custom_id(interaction, parse_duel_id, locale=locale)
    try:
        answer = validate_answer(interaction.fields.get(ANSWER_INPUT_ID, ""))
    except InvalidAnswer:
        raise Refusal("error.answer_length", locale=locale, min=MIN_ANSWER_LENGTH, max=MAX_ANSWER_LENGTH) from None
    async with services.pool.acquire() as conn, conn.transaction():
        pair = await fetch_pair(conn, ref.pair_id)
        if pair is None:
            outcome = SubmissionOutcome.NOT_MEMBER
        else:
            outcome = await accept_answer(
                conn, round_id=ref.round_id, pair=pair, user_id=interaction.author_id, answer=answer
            )
    logger.info("duel answer", extra={"pair_id": str(ref.pair_id), "outcome": outcome.value})
    await responder.reply(tr.text(locale, outcome.reply_key))
