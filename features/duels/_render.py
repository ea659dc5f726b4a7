"""Duel surfaces: the public scoreboard, the round notice in each pair room and the answer modal (§3)."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec

from features.duels._ids import DuelBoardAction, duel_answer_id, duel_board_id, duel_submit_modal_id, duel_vote_id
from features.duels._rules import MAX_ANSWER_LENGTH, MIN_ANSWER_LENGTH, DuelStatus, RoundStatus
from features.duels._scoreboard import ScoreboardSnapshot
from features.kernel import (
    MAX_BUTTONS_PER_ROW,
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    Modal,
    Separator,
    TextDisplay,
    TimestampStyle,
    V2Message,
    clip,
    discord_timestamp,
    paragraph_modal,
    validate_message,
)
from gateway.i18n import Locale, Translator

ACCENT = 0xC44536
ENDED_ACCENT = 0x6B6B6B
TOP_ROWS = 10
ANSWER_INPUT_ID = "answer"


class ScoreboardView(msgspec.Struct, frozen=True, kw_only=True):
    """The scoreboard card's input: the snapshot, the duel id (for buttons) and the render time."""

    duel_id: uuid.UUID
    snapshot: ScoreboardSnapshot
    updated_at: dt.datetime


def _round_line(snapshot: ScoreboardSnapshot, tr: Translator, locale: Locale) -> str:
    if snapshot.round_no is None:
        return tr.text(locale, "duel.board.round.none")
    if snapshot.round_status is RoundStatus.ACTIVE and snapshot.round_ends_at is not None:
        line = tr.text(
            locale, "duel.board.round.active", round=snapshot.round_no, ends=discord_timestamp(snapshot.round_ends_at)
        )
    else:
        line = tr.text(locale, "duel.board.round.closed", round=snapshot.round_no)
    question = question_line(snapshot.question, tr, locale)
    return f"{line}\n{question}" if question else line


def _counting_lines(snapshot: ScoreboardSnapshot, tr: Translator, locale: Locale) -> str:
    """Which rounds count and how, and which vote is still open."""
    if snapshot.counted_rounds:
        rounds = ", ".join(f"#{no}" for no in snapshot.counted_rounds)
        lines = [tr.plural(locale, "duel.board.counted", len(snapshot.counted_rounds), rounds=rounds)]
    else:
        lines = [tr.text(locale, "duel.board.counted_none")]
    if snapshot.voting_round_no is not None and snapshot.voting_ends_at is not None:
        lines.append(
            tr.text(
                locale,
                "duel.board.voting",
                round=snapshot.voting_round_no,
                ends=discord_timestamp(snapshot.voting_ends_at),
            )
        )
    return "\n".join(lines)


def _ranking(snapshot: ScoreboardSnapshot, tr: Translator, locale: Locale) -> str:
    ended = snapshot.duel_status is DuelStatus.ENDED
    header = f"### {tr.text(locale, 'duel.board.final' if ended else 'duel.board.top')}"
    if snapshot.total_submissions == 0 or not snapshot.rows:
        return f"{header}\n{tr.text(locale, 'duel.board.empty')}"
    lines = [header]
    lines.extend(
        tr.text(
            locale,
            "duel.board.row_tied" if row.tied else "duel.board.row",
            rank=row.rank,
            user1=f"<@{row.user1_id}>",
            user2=f"<@{row.user2_id}>",
            points=tr.plural(locale, "duel.points", row.points),
        )
        for row in snapshot.rows[:TOP_ROWS]
    )
    hidden = len(snapshot.rows) - TOP_ROWS
    if hidden > 0:
        lines.append(tr.plural(locale, "duel.board.more", hidden))
    return "\n".join(lines)


def render_scoreboard(view: ScoreboardView, *, locale: Locale, tr: Translator) -> V2Message:
    """Render the public scoreboard: status, round, top ten pairs, totals and the board buttons.

    Any number of pairs fits: only the top ten are listed, the rest are counted in one line. An ended duel says
    so (title status, "final results", no participation button) instead of showing a raw status.
    """
    snapshot = view.snapshot
    ended = snapshot.duel_status is DuelStatus.ENDED
    status = tr.text(locale, "duel.status.ended" if ended else "duel.status.active")
    head = "\n".join(
        (
            f"## {tr.text(locale, 'duel.board.title')}",
            tr.text(locale, "common.status", status=status),
            _round_line(snapshot, tr, locale),
            tr.plural(locale, "duel.board.pairs", snapshot.total_pairs),
        )
    )
    footer = "\n".join(
        (
            _counting_lines(snapshot, tr, locale),
            tr.plural(locale, "duel.board.answers", snapshot.total_submissions),
            f"-# {tr.text(locale, 'common.updated', when=discord_timestamp(view.updated_at))}",
        )
    )
    buttons = [
        Button(
            style=ButtonStyle.SECONDARY,
            label=tr.text(locale, "duel.board.button.rules"),
            custom_id=duel_board_id(DuelBoardAction.RULES, view.duel_id),
        )
    ]
    if not ended:
        buttons.append(
            Button(
                style=ButtonStyle.PRIMARY,
                label=tr.text(locale, "duel.board.button.how"),
                custom_id=duel_board_id(DuelBoardAction.HOW, view.duel_id),
            )
        )
    buttons.append(
        Button(
            style=ButtonStyle.SUCCESS,
            label=tr.text(locale, "duel.board.button.open_room"),
            custom_id=duel_board_id(DuelBoardAction.OPEN_ROOM, view.duel_id),
        )
    )
    container = Container(
        accent_color=ENDED_ACCENT if ended else ACCENT,
        components=(
            TextDisplay(content=head),
            Separator(),
            TextDisplay(content=clip(_ranking(snapshot, tr, locale), 3000)),
            Separator(),
            TextDisplay(content=footer),
            ActionRow(components=tuple(buttons)),
        ),
    )
    return validate_message(V2Message(components=(container,)))


class RoundNoticeView(msgspec.Struct, frozen=True, kw_only=True):
    """The round-start notice posted in one pair room."""

    round_id: uuid.UUID
    round_no: int
    pair_id: uuid.UUID
    ends_at: dt.datetime
    question: str = ""


def question_line(question: str, tr: Translator, locale: Locale) -> str:
    """The round's question as a quote ('' for a round from before questions)."""
    return tr.text(locale, "duel.question", question=question) if question else ""


def render_round_notice(view: RoundNoticeView, *, locale: Locale, tr: Translator) -> V2Message:
    """Render the notice that a round started, with the pair's answer button."""
    text = "\n".join(
        line for line in (
            f"### {tr.text(locale, 'duel.notice.title', round=view.round_no)}",
            question_line(view.question, tr, locale),
            tr.text(
                locale,
                "duel.notice.body",
                ends=discord_timestamp(view.ends_at, TimestampStyle.SHORT_TIME),
                relative=discord_timestamp(view.ends_at),
            ),
        )
        if line
    )
    button = Button(
        style=ButtonStyle.PRIMARY,
        label=tr.text(locale, "duel.button.answer"),
        custom_id=duel_answer_id(view.round_id, view.pair_id),
    )
    container = Container(
        accent_color=ACCENT, components=(TextDisplay(content=text), ActionRow(components=(button,)))
    )
    return validate_message(V2Message(components=(container,)))


def render_answer_modal(
    *, round_id: uuid.UUID, pair_id: uuid.UUID, round_no: int, question: str = "", locale: Locale, tr: Translator
) -> Modal:
    """Render the answer modal of a round: the question on top, one paragraph input ``answer`` (2..400
    characters)."""
    return paragraph_modal(
        custom_id=duel_submit_modal_id(round_id, pair_id),
        title=tr.text(locale, "duel.modal.title", round=round_no),
        intro=question_line(question, tr, locale) or None,
        input_id=ANSWER_INPUT_ID,
        label=tr.text(locale, "duel.modal.label"),
        placeholder=tr.text(locale, "duel.modal.placeholder"),
        min_length=MIN_ANSWER_LENGTH,
        max_length=MAX_ANSWER_LENGTH,
    )


class RevealedAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """One answer as revealed: its letter, never its pair."""

    letter: str
    submission_id: uuid.UUID
    answer: str


class RevealView(msgspec.Struct, frozen=True, kw_only=True):
    """One reveal post of a round: the question, the vote's end and a page of lettered answers."""

    round_id: uuid.UUID
    round_no: int
    question: str
    votes_end_at: dt.datetime
    answers: tuple[RevealedAnswer, ...]
    page: int = 1
    pages: int = 1


def render_reveal(view: RevealView, *, locale: Locale, tr: Translator) -> V2Message:
    """Render a reveal post: the round's answers without names, lettered in the shuffled order, one vote
    button per answer."""
    title = tr.text(locale, "duel.reveal.title", round=view.round_no)
    if view.pages > 1:
        title = f"{title} ({view.page}/{view.pages})"
    head = "\n".join(
        line
        for line in (
            f"### {title}",
            question_line(view.question, tr, locale),
            tr.text(
                locale,
                "duel.reveal.body",
                ends=discord_timestamp(view.votes_end_at, TimestampStyle.SHORT_TIME),
                relative=discord_timestamp(view.votes_end_at),
            ),
        )
        if line
    )
    listing = "\n".join(f"**{item.letter}.** {item.answer}" for item in view.answers)
    buttons = [
        Button(
            style=ButtonStyle.SECONDARY,
            label=tr.text(locale, "duel.reveal.button", letter=item.letter),
            custom_id=duel_vote_id(view.round_id, item.submission_id),
        )
        for item in view.answers
    ]
    rows = tuple(
        ActionRow(components=tuple(buttons[start : start + MAX_BUTTONS_PER_ROW]))
        for start in range(0, len(buttons), MAX_BUTTONS_PER_ROW)
    )
    container = Container(
        accent_color=ACCENT,
        components=(TextDisplay(content=head), Separator(), TextDisplay(content=listing), *rows),
    )
    return validate_message(V2Message(components=(container,)))
