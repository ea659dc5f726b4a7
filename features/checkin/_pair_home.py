"""The check-in's part of every Pair Home panel: this week's check-in, done or not, with the button that opens
it (the picker, or the stored check-in). After the Wednesday reminder the line tells a pair that has checked in
that the reminder is not for it, and one that has not that the week is half gone.

A submit bumps the pair's version; the reminder bumps every pair's (see :mod:`features.checkin._nudge`).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import msgspec

from features.checkin._ids import start_id
from features.checkin._nudge import checkin_ready
from features.checkin._render import week_text
from features.checkin._rules import checkin_week
from features.checkin._store import checkin_of_week, was_nudged
from features.kernel import (
    DEFAULT_TIMEZONE,
    Button,
    ButtonStyle,
    Pair,
    PairHomePart,
    PairHomeSection,
    fetch_guild_settings,
    zone,
)
from gateway.i18n import Locale, Translator
from store import Connection


class PairHomeCheckin(msgspec.Struct, frozen=True, kw_only=True):
    """This week's check-in as one pair's panel shows it."""

    week_key: str
    done: bool
    nudged: bool


async def load_checkin_part(conn: Connection, pair: Pair) -> PairHomeCheckin | None:
    """The pair's check-in state of the guild's current week; None while the check-in is off in the guild."""
    settings = await fetch_guild_settings(conn, pair.guild_id)
    if not checkin_ready(settings):
        return None
    week = checkin_week(dt.datetime.now(dt.UTC), zone(settings.timezone or DEFAULT_TIMEZONE))
    done = await checkin_of_week(conn, pair.id, week) is not None
    return PairHomeCheckin(week_key=week, done=done, nudged=await was_nudged(conn, pair.guild_id, week))


def render_checkin_part(state: PairHomeCheckin | None, pair: Pair, locale: Locale, tr: Translator) -> PairHomePart:
    """"Check-in for <week>: done / not yet" and the button to it; a plain line while the feature is off."""
    if state is None:
        return PairHomePart(line=tr.text(locale, "pair_home.checkin.off"))
    if state.done:
        key = "pair_home.checkin.done_nudged" if state.nudged else "pair_home.checkin.done"
        label = tr.text(locale, "checkin.button.view")
    else:
        key = "pair_home.checkin.pending_nudged" if state.nudged else "pair_home.checkin.pending"
        label = tr.text(locale, "checkin.button.start")
    line = tr.text(locale, key, week=week_text(state.week_key, locale, tr))
    button = Button(style=ButtonStyle.SECONDARY, label=label, custom_id=start_id(pair.id))
    return PairHomePart(line=line, button=button)


CHECKIN_SECTION: Final = PairHomeSection(name="checkin", load=load_checkin_part, render=render_checkin_part)
