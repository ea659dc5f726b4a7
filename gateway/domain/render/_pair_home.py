"""The Pair Home panel: one card in each pair room summarising the week (features.md §2.4)."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec

from gateway.domain._ids import PairHomeAction, duel_answer_id, pair_home_id
from gateway.domain._time import discord_timestamp
from gateway.domain.render._components import (
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    Separator,
    TextDisplay,
    V2Message,
    validate_message,
)
from gateway.i18n import Locale, Translator

ACCENT = 0x4F8A3F
RAID_DAILY_CAP = 60


class PairHomeDuel(msgspec.Struct, frozen=True, kw_only=True):
    """The duel as the pair sees it: no round yet (``round_id`` None), or the open round and whether they answered."""

    round_no: int | None = None
    round_id: uuid.UUID | None = None
    ends_at: dt.datetime | None = None
    submitted: bool = False


class PairHomeView(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the panel shows. ``raid_points_today`` is None when no raid runs; ``duel`` None with no duel."""

    pair_id: uuid.UUID
    user1_id: str
    user2_id: str
    week_start: dt.date
    checkin_submitted: bool
    updated_at: dt.datetime
    checkin_enabled: bool = True
    raid_enabled: bool = True
    raid_points_today: int | None = None
    raid_daily_cap: int = RAID_DAILY_CAP
    duel: PairHomeDuel | None = None


def _duel_line(view: PairHomeView, tr: Translator, locale: Locale) -> str:
    duel = view.duel
    if duel is None:
        return tr.text(locale, "pair_home.duel.none")
    if duel.round_id is None or duel.round_no is None:
        return tr.text(locale, "pair_home.duel.waiting")
    if duel.submitted:
        return tr.text(locale, "pair_home.duel.answered", round=duel.round_no)
    if duel.ends_at is None:
        return tr.text(locale, "pair_home.duel.open", round=duel.round_no)
    return tr.text(locale, "pair_home.duel.open_until", round=duel.round_no, ends=discord_timestamp(duel.ends_at))


def render_pair_home(view: PairHomeView, *, locale: Locale, tr: Translator) -> V2Message:
    """Render the Pair Home card with its buttons (check-in, raid quests, duel answer or duel info)."""
    checkin_key = "pair_home.checkin.done" if view.checkin_submitted else "pair_home.checkin.pending"
    lines = [
        f"## {tr.text(locale, 'pair_home.title')}",
        tr.text(locale, "pair_home.members", user1=f"<@{view.user1_id}>", user2=f"<@{view.user2_id}>"),
    ]
    body = []
    if view.checkin_enabled:
        body.append(tr.text(locale, checkin_key, week=view.week_start.isoformat()))
    if view.raid_enabled:
        if view.raid_points_today is None:
            body.append(tr.text(locale, "pair_home.raid.none"))
        else:
            body.append(tr.text(locale, "pair_home.raid.today", points=view.raid_points_today, cap=view.raid_daily_cap))
    body.append(_duel_line(view, tr, locale))

    buttons: list[Button] = []
    if view.checkin_enabled:
        buttons.append(
            Button(
                style=ButtonStyle.SECONDARY,
                label=tr.text(locale, "pair_home.button.checkin"),
                custom_id=pair_home_id(PairHomeAction.CHECKIN, view.pair_id),
            )
        )
    if view.raid_enabled:
        buttons.append(
            Button(
                style=ButtonStyle.SECONDARY,
                label=tr.text(locale, "pair_home.button.raid"),
                custom_id=pair_home_id(PairHomeAction.RAID, view.pair_id),
            )
        )
    duel = view.duel
    if duel is not None and duel.round_id is not None:
        if duel.submitted:
            buttons.append(
                Button(
                    style=ButtonStyle.SECONDARY,
                    label=tr.text(locale, "pair_home.button.duel_info"),
                    custom_id=pair_home_id(PairHomeAction.DUEL_INFO, view.pair_id),
                )
            )
        else:
            buttons.append(
                Button(
                    style=ButtonStyle.PRIMARY,
                    label=tr.text(locale, "duel.button.answer"),
                    custom_id=duel_answer_id(duel.round_id, view.pair_id),
                )
            )
    children: list[TextDisplay | Separator | ActionRow] = [
        TextDisplay(content="\n".join(lines)),
        TextDisplay(content="\n".join(body)),
        Separator(),
        TextDisplay(content=f"-# {tr.text(locale, 'common.updated', when=discord_timestamp(view.updated_at))}"),
    ]
    if buttons:
        children.append(ActionRow(components=tuple(buttons)))
    return validate_message(V2Message(components=(Container(accent_color=ACCENT, components=tuple(children)),)))
