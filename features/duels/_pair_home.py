"""The duel's part of every Pair Home panel: the round's state for the pair and its answer (or info) button,
and, when a pair is created while a duel runs, the scoreboard gaining that pair."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

import msgspec

from features.duels._board import DUEL_SCOREBOARD
from features.duels._ids import duel_answer_id
from features.duels._store import active_duel, active_round, bump_active_duel_version, pair_answered
from features.kernel import (
    Button,
    ButtonStyle,
    Pair,
    PairHomePart,
    PairHomeSection,
    discord_timestamp,
    pair_home_id,
)
from gateway.i18n import Locale, Translator
from gateway.projection import ProjectionRef
from store import Connection

#: The info button's action, ``t1:pair_home:duel_info:<pair>`` (the id panels have carried from the start).
DUEL_INFO: Final = "duel_info"


class PairHomeDuel(msgspec.Struct, frozen=True, kw_only=True):
    """The duel as the pair sees it: no round yet (``round_id`` None), or the open round and whether they answered."""

    round_no: int | None = None
    round_id: uuid.UUID | None = None
    ends_at: dt.datetime | None = None
    submitted: bool = False


async def load_duel_part(conn: Connection, pair: Pair) -> PairHomeDuel | None:
    """The guild's running duel as ``pair`` sees it; None when no duel runs."""
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


def _duel_line(duel: PairHomeDuel | None, tr: Translator, locale: Locale) -> str:
    if duel is None:
        return tr.text(locale, "pair_home.duel.none")
    if duel.round_id is None or duel.round_no is None:
        return tr.text(locale, "pair_home.duel.waiting")
    if duel.submitted:
        return tr.text(locale, "pair_home.duel.answered", round=duel.round_no)
    if duel.ends_at is None:
        return tr.text(locale, "pair_home.duel.open", round=duel.round_no)
    return tr.text(locale, "pair_home.duel.open_until", round=duel.round_no, ends=discord_timestamp(duel.ends_at))


def render_duel_part(duel: PairHomeDuel | None, pair: Pair, locale: Locale, tr: Translator) -> PairHomePart:
    """The duel line, with "answer" while the pair has not answered the open round, else "duel info"."""
    line = _duel_line(duel, tr, locale)
    if duel is None or duel.round_id is None:
        return PairHomePart(line=line)
    if duel.submitted:
        button = Button(
            style=ButtonStyle.SECONDARY,
            label=tr.text(locale, "pair_home.button.duel_info"),
            custom_id=pair_home_id(DUEL_INFO, pair.id),
        )
    else:
        button = Button(
            style=ButtonStyle.PRIMARY,
            label=tr.text(locale, "duel.button.answer"),
            custom_id=duel_answer_id(duel.round_id, pair.id),
        )
    return PairHomePart(line=line, button=button)


def duel_info_text(duel: PairHomeDuel | None, locale: Locale, tr: Translator) -> str:
    """The ephemeral answer of the "duel info" button."""
    if duel is None:
        return tr.text(locale, "pair_home.reply.duel_none")
    if duel.round_no is None or duel.ends_at is None:
        return tr.text(locale, "pair_home.reply.duel_waiting")
    if duel.submitted:
        return tr.text(locale, "pair_home.reply.duel_answered", round=duel.round_no)
    return tr.text(locale, "pair_home.reply.duel_open", round=duel.round_no, ends=discord_timestamp(duel.ends_at))


DUEL_SECTION: Final = PairHomeSection(
    name="duel", load=load_duel_part, render=render_duel_part, info_action=DUEL_INFO, info=duel_info_text
)


async def join_running_duel(conn: Connection, pair: Pair) -> list[ProjectionRef]:
    """A new pair joins the running duel's scoreboard: a new scoreboard version, whose refresh the creating
    transaction requests with its own."""
    duel = await bump_active_duel_version(conn, pair.guild_id)
    return [] if duel is None else [DUEL_SCOREBOARD.ref(pair.guild_id, duel.id)]
