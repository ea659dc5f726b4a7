"""The monthly hall card and the opt-in status, pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Final

from babel.dates import format_date

from features.hall._store import MonthFigures, TopRow
from features.kernel import (
    Container,
    HallCategory,
    Separator,
    TextDisplay,
    V2Message,
    discord_timestamp,
    parse_month_key,
    validate_message,
)
from gateway.i18n import Locale, Translator

ACCENT: Final = 0x2F7D6D
#: The order categories are listed in, everywhere.
CATEGORIES: Final = (HallCategory.CHECKIN, HallCategory.RAID, HallCategory.DUEL)


def month_label(month: str, locale: Locale) -> str:
    """``ноябрь 2026`` / ``November 2026``: the month as a calendar names it on its own."""
    return format_date(parse_month_key(month), "LLLL y", locale=locale)


def _top(category: HallCategory, rows: tuple[TopRow, ...], tr: Translator, locale: Locale) -> str:
    title = f"### {tr.text(locale, f'hall.top.{category.value}')}"
    if not rows:
        return f"{title}\n{tr.text(locale, 'hall.top.empty')}"
    lines = [
        tr.text(
            locale,
            "hall.top.row",
            rank=index,
            user1=f"<@{row.user_low}>",
            user2=f"<@{row.user_high}>",
            value=tr.plural(locale, f"hall.unit.{category.value}", row.value),
        )
        for index, row in enumerate(rows, start=1)
    ]
    return "\n".join((title, *lines))


def render_hall_card(
    month: str, figures: MonthFigures, rendered_at: dt.datetime, *, locale: Locale, tr: Translator
) -> V2Message:
    """The card of one month: four figures, the three tops (opted-in pairs only) and how to appear in them."""
    head = "\n".join(
        (
            f"## {tr.text(locale, 'hall.card.title', month=month_label(month, locale))}",
            tr.plural(locale, "hall.card.active_pairs", figures.active_pairs),
            tr.plural(locale, "hall.card.checkins", figures.checkins),
            tr.plural(locale, "hall.card.raid_pairs", figures.raid_pairs),
            tr.plural(locale, "hall.card.duel_pairs", figures.duel_pairs),
        )
    )
    tops = (figures.top_checkin, figures.top_raid, figures.top_duel)
    parts: list[TextDisplay | Separator] = [TextDisplay(content=head)]
    for category, rows in zip(CATEGORIES, tops, strict=True):
        parts += [Separator(), TextDisplay(content=_top(category, rows, tr, locale))]
    updated = tr.text(locale, "common.updated", when=discord_timestamp(rendered_at))
    footer = f"{tr.text(locale, 'hall.card.note')}\n-# {updated}"
    parts += [Separator(), TextDisplay(content=footer)]
    return validate_message(V2Message(components=(Container(accent_color=ACCENT, components=tuple(parts)),)))


def status_text(opted: Collection[HallCategory], *, locale: Locale, tr: Translator) -> str:
    """The member's choices, one line per category."""
    lines = [tr.text(locale, "hall.status.header")]
    for category in CATEGORIES:
        state = tr.text(locale, "hall.status.in" if category in opted else "hall.status.out")
        lines.append(tr.text(locale, "hall.status.line", category=tr.text(locale, f"hall.category.{category.value}"),
                             state=state))
    lines.append(tr.text(locale, "hall.status.how"))
    return "\n".join(lines)
