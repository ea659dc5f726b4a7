"""Raid surfaces, pure: the progress card, today's quests, the claim prompt in a pair room and its settled form,
and the plain-text answers (``/raid progress``, "my pair's contribution")."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Final

import msgspec

from features.kernel import (
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    Separator,
    TextDisplay,
    V2Message,
    discord_timestamp,
    validate_message,
)
from features.raids._ids import BoardAction, board_id, claim_id, confirm_id
from features.raids._quests import Quest
from features.raids._rules import CapOutcome, ClaimStatus, Phase, RaidStatus, percent, phase
from features.raids._store import TopPair
from gateway.i18n import Locale, Translator

ACCENT: Final = 0x1E6F9F
ENDED_ACCENT: Final = 0x6B6B6B
SETTLED_ACCENT: Final = 0x2E8B57
_BAR_CELLS: Final = 10


class RaidNumbers(msgspec.Struct, frozen=True, kw_only=True):
    """A raid's figures, as the card and ``/raid progress`` show them."""

    raid_id: uuid.UUID
    status: RaidStatus
    goal: int
    progress: int
    days_left: int
    participants: int
    ends_at: dt.datetime
    #: The best pairs among those whose two members agreed to be listed (``/hall optin raid``).
    top: tuple[TopPair, ...] = ()

    @property
    def percent(self) -> int:
        return percent(self.progress, self.goal)

    @property
    def phase(self) -> Phase:
        return phase(self.progress, self.goal)


class RaidCardView(msgspec.Struct, frozen=True, kw_only=True):
    """The progress card's input: the figures and when they last changed."""

    numbers: RaidNumbers
    changed_at: dt.datetime


def progress_bar(share: int) -> str:
    """Ten cells, one per started tenth of the goal reached (0 % is empty, 100 % is full)."""
    filled = min(_BAR_CELLS, max(0, share) // 10)
    return "▰" * filled + "▱" * (_BAR_CELLS - filled)


def _figures(numbers: RaidNumbers, tr: Translator, locale: Locale) -> str:
    ended = numbers.status is RaidStatus.ENDED
    status = tr.text(locale, "raid.status.ended" if ended else "raid.status.active")
    lines = [
        tr.text(locale, "common.status", status=status),
        tr.text(locale, "raid.card.goal", goal=tr.plural(locale, "raid.points", numbers.goal)),
        tr.text(
            locale, "raid.card.progress", progress=numbers.progress, goal=numbers.goal, percent=numbers.percent
        ),
        progress_bar(numbers.percent),
        tr.text(locale, "raid.card.phase", phase=tr.text(locale, f"raid.phase.{numbers.phase.value}")),
    ]
    if ended:
        lines.append(tr.text(locale, "raid.card.ended"))
    else:
        ends = discord_timestamp(numbers.ends_at)
        lines.append(tr.plural(locale, "raid.card.days_left", numbers.days_left, ends=ends))
    lines.append(tr.plural(locale, "raid.card.participants", numbers.participants))
    return "\n".join(lines)


def _top_lines(numbers: RaidNumbers, tr: Translator, locale: Locale) -> list[str]:
    if not numbers.top:
        return [tr.text(locale, "raid.card.top_empty")]
    return [
        tr.text(
            locale,
            "raid.card.top_row",
            rank=rank,
            user1=f"<@{pair.user_low}>",
            user2=f"<@{pair.user_high}>",
            points=tr.plural(locale, "raid.points", pair.points),
        )
        for rank, pair in enumerate(numbers.top, start=1)
    ]


def render_progress_card(view: RaidCardView, *, locale: Locale, tr: Translator) -> V2Message:
    """The public progress card: the figures, the top pairs' note, when it last changed and the buttons.

    The top five lists only pairs whose two members agreed to be shown (``/hall optin raid``); with none, the
    card says how to appear instead of naming members who never agreed to it. An ended raid says it ended and
    keeps only the buttons that still mean something (the pair's contribution, the rules).
    """
    numbers = view.numbers
    ended = numbers.status is RaidStatus.ENDED
    top = "\n".join((f"### {tr.text(locale, 'raid.card.top_title')}", *_top_lines(numbers, tr, locale)))
    footer = f"-# {tr.text(locale, 'raid.card.changed', when=discord_timestamp(view.changed_at))}"
    buttons: list[Button] = []
    if not ended:
        buttons.append(
            Button(
                style=ButtonStyle.PRIMARY,
                label=tr.text(locale, "raid.button.quests"),
                custom_id=board_id(BoardAction.QUESTS, numbers.raid_id),
            )
        )
    buttons.extend(
        (
            Button(
                style=ButtonStyle.SECONDARY,
                label=tr.text(locale, "raid.button.mine"),
                custom_id=board_id(BoardAction.MINE, numbers.raid_id),
            ),
            Button(
                style=ButtonStyle.SECONDARY,
                label=tr.text(locale, "raid.button.rules"),
                custom_id=board_id(BoardAction.RULES, numbers.raid_id),
            ),
        )
    )
    container = Container(
        accent_color=ENDED_ACCENT if ended else ACCENT,
        components=(
            TextDisplay(content=f"## {tr.text(locale, 'raid.card.title')}\n{_figures(numbers, tr, locale)}"),
            Separator(),
            TextDisplay(content=top),
            Separator(),
            TextDisplay(content=footer),
            ActionRow(components=tuple(buttons)),
        ),
    )
    return validate_message(V2Message(components=(container,)))


def progress_text(numbers: RaidNumbers, *, locale: Locale, tr: Translator) -> str:
    """``/raid progress``: the same figures as the card, as a message."""
    return f"**{tr.text(locale, 'raid.card.title')}**\n{_figures(numbers, tr, locale)}"


def render_quests(
    raid_id: uuid.UUID, day: str, quests: Sequence[Quest], *, locale: Locale, tr: Translator
) -> V2Message:
    """Today's quests, each with its claim button (ephemeral)."""
    components: list[TextDisplay | ActionRow | Separator] = [
        TextDisplay(content=f"### {tr.text(locale, 'raid.quests.title')}\n{tr.text(locale, 'raid.quests.how')}")
    ]
    for quest in quests:
        words = quest.words(locale)
        points = tr.plural(locale, "raid.points", quest.points)
        components.append(Separator())
        components.append(TextDisplay(content=f"**{words.title}** · {points}\n{words.text}"))
        components.append(
            ActionRow(
                components=(
                    Button(
                        style=ButtonStyle.PRIMARY,
                        label=tr.text(locale, "raid.button.claim"),
                        custom_id=claim_id(raid_id, day, quest.key),
                    ),
                )
            )
        )
    return validate_message(V2Message(components=(Container(accent_color=ACCENT, components=tuple(components)),)))


class PromptView(msgspec.Struct, frozen=True, kw_only=True):
    """The confirmation prompt posted in the pair room after a claim."""

    claim_id: uuid.UUID
    claimer_id: str
    partner_id: str
    quest_title: str
    points: int


def render_claim_prompt(view: PromptView, *, locale: Locale, tr: Translator) -> V2Message:
    """"<claimer> says you did <quest>; <partner>, confirm it": the partner's button."""
    text = tr.text(
        locale,
        "raid.prompt.body",
        claimer=f"<@{view.claimer_id}>",
        partner=f"<@{view.partner_id}>",
        quest=view.quest_title,
        points=tr.plural(locale, "raid.points", view.points),
    )
    button = Button(
        style=ButtonStyle.SUCCESS, label=tr.text(locale, "raid.button.confirm"), custom_id=confirm_id(view.claim_id)
    )
    container = Container(accent_color=ACCENT, components=(TextDisplay(content=text), ActionRow(components=(button,))))
    return validate_message(V2Message(components=(container,)))


def settled_text(outcome: CapOutcome, points: int, *, locale: Locale, tr: Translator) -> str:
    """What a confirmation added, in words: all of it, part of it (the daily cap), or nothing (capped)."""
    if outcome.status is ClaimStatus.CAPPED:
        return tr.text(locale, "raid.settled.capped")
    if outcome.applied < points:
        return tr.text(
            locale,
            "raid.settled.trimmed",
            applied=tr.plural(locale, "raid.points", outcome.applied),
            full=tr.plural(locale, "raid.points", points),
        )
    return tr.text(locale, "raid.settled.full", applied=tr.plural(locale, "raid.points", outcome.applied))


def render_settled_prompt(
    view: PromptView, confirmer_id: str, outcome: CapOutcome, *, locale: Locale, tr: Translator
) -> V2Message:
    """The prompt once the partner confirmed: who confirmed and what counted, without the button."""
    text = "\n".join(
        (
            tr.text(
                locale,
                "raid.prompt.settled",
                partner=f"<@{confirmer_id}>",
                claimer=f"<@{view.claimer_id}>",
                quest=view.quest_title,
            ),
            settled_text(outcome, view.points, locale=locale, tr=tr),
        )
    )
    return validate_message(
        V2Message(components=(Container(accent_color=SETTLED_ACCENT, components=(TextDisplay(content=text),)),))
    )
