"""Check-in surfaces, pure: the agreement picker, the score modal, a stored check-in (with its share button),
the invalid-scores message and the two public posts (a shared agreement, the Wednesday reminder).

A stored check-in is always shown as itself, the agreement and the five scores (features.md §16 item 22: the
earlier version told a second submitter a record was "shown" without showing it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Final

import msgspec

from features.checkin._agreements import Agreement
from features.checkin._ids import pick_id, scores_id, share_id
from features.checkin._rules import MAX_SCORE, MIN_SCORE, Score, Scores, week_span
from features.kernel import (
    MAX_INPUT_LABEL_LENGTH,
    MAX_LABEL_LENGTH,
    MAX_MODAL_TITLE_LENGTH,
    MAX_PLACEHOLDER_LENGTH,
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    Modal,
    ModalRow,
    SelectOption,
    Separator,
    StringSelect,
    TextDisplay,
    TextInput,
    TextInputStyle,
    V2Message,
    clip,
    discord_timestamp,
    validate_message,
)
from gateway.i18n import Locale, Translator

ACCENT: Final = 0xC2185B
DONE_ACCENT: Final = 0x2E8B57


class CheckinView(msgspec.Struct, frozen=True, kw_only=True):
    """A stored check-in as its card shows it."""

    checkin_id: uuid.UUID
    week_key: str
    #: The agreement's words in the reader's language (a pure render reads no catalogue).
    agreement: str
    scores: Scores
    submitted_by: str
    created_at: dt.datetime


def week_text(week_key: str, locale: Locale, tr: Translator) -> str:
    """The week's dates as a person reads them: "30 ноября – 6 декабря", "Nov 30 – Dec 6"."""
    monday, sunday = week_span(week_key)

    def day(date: dt.date) -> str:
        return tr.text(locale, "checkin.date", day=date.day, month=tr.text(locale, f"checkin.month.{date.month}"))

    return tr.text(locale, "checkin.week", start=day(monday), end=day(sunday))


def score_label(score: Score, locale: Locale, tr: Translator) -> str:
    """The question's name ("Communication"), as the modal and the card name it."""
    return tr.text(locale, f"checkin.score.{score.value}")


def quote(text: str) -> str:
    """``text`` as a Markdown block quote."""
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def render_picker(
    pair_id: uuid.UUID, week_key: str, agreements: Sequence[Agreement], *, locale: Locale, tr: Translator
) -> V2Message:
    """Step one: the week's heading, what happens next and the select of agreements."""
    select = StringSelect(
        custom_id=pick_id(pair_id, week_key),
        placeholder=clip(tr.text(locale, "checkin.picker.placeholder"), MAX_PLACEHOLDER_LENGTH),
        options=tuple(
            SelectOption(label=clip(agreement.words(locale), MAX_LABEL_LENGTH), value=agreement.key)
            for agreement in agreements
        ),
    )
    heading = tr.text(locale, "checkin.picker.title", week=week_text(week_key, locale, tr))
    body = tr.text(locale, "checkin.picker.body", min=MIN_SCORE, max=MAX_SCORE)
    card = Container(
        accent_color=ACCENT,
        components=(TextDisplay(content=f"## {heading}\n{body}"), ActionRow(components=(select,))),
    )
    return validate_message(V2Message(components=(card,)))


def render_score_modal(
    pair_id: uuid.UUID, week_key: str, agreement_key: str, *, locale: Locale, tr: Translator
) -> Modal:
    """Step two: five short inputs, one per question, each saying its range."""
    placeholder = tr.text(locale, "checkin.modal.placeholder", min=MIN_SCORE, max=MAX_SCORE)
    inputs = tuple(
        ModalRow(
            components=(
                TextInput(
                    custom_id=score.value,
                    style=TextInputStyle.SHORT,
                    label=clip(
                        tr.text(locale, "checkin.modal.label", name=score_label(score, locale, tr), min=MIN_SCORE,
                                max=MAX_SCORE),
                        MAX_INPUT_LABEL_LENGTH,
                    ),
                    min_length=1,
                    max_length=2,
                    placeholder=placeholder,
                ),
            ),
        )
        for score in Score
    )
    return Modal(
        custom_id=scores_id(pair_id, week_key, agreement_key),
        title=clip(tr.text(locale, "checkin.modal.title"), MAX_MODAL_TITLE_LENGTH),
        components=inputs,
    )


def render_checkin(view: CheckinView, *, status: str, locale: Locale, tr: Translator) -> V2Message:
    """A stored check-in: ``status`` (saved now / already done), the agreement, the five scores, who sent it
    and when, and the share button."""
    heading = tr.text(locale, "checkin.card.title", week=week_text(view.week_key, locale, tr))
    scores = "\n".join(
        tr.text(locale, "checkin.card.score", name=score_label(score, locale, tr), value=view.scores.of(score),
                max=MAX_SCORE)
        for score in Score
    )
    signed = tr.text(
        locale, "checkin.card.signed", member=f"<@{view.submitted_by}>", when=discord_timestamp(view.created_at)
    )
    share = Button(
        style=ButtonStyle.SECONDARY, label=tr.text(locale, "checkin.button.share"), custom_id=share_id(view.checkin_id)
    )
    card = Container(
        accent_color=DONE_ACCENT,
        components=(
            TextDisplay(content=f"## {heading}\n{status}"),
            Separator(),
            TextDisplay(content=f"**{tr.text(locale, 'checkin.card.agreement')}**\n{quote(view.agreement)}"),
            TextDisplay(content=scores),
            TextDisplay(content=f"-# {signed}"),
            ActionRow(components=(share,)),
        ),
    )
    return validate_message(V2Message(components=(card,)))


def invalid_fields(fields: Sequence[Score], *, locale: Locale, tr: Translator) -> str:
    """The invalid questions named for the invalid-scores refusal: "«Communication», «Support»"."""
    return ", ".join(tr.text(locale, "checkin.field", name=score_label(field, locale, tr)) for field in fields)


def render_shared_post(
    *, week_key: str, agreement: str, members: tuple[str, str], locale: Locale, tr: Translator
) -> str:
    """The public post of a shared agreement (worded in the guild's language when it is sent)."""
    heading = tr.text(locale, "checkin.post.shared.title")
    line = tr.text(
        locale, "checkin.post.shared.line", first=f"<@{members[0]}>", second=f"<@{members[1]}>",
        week=week_text(week_key, locale, tr),
    )
    return f"## {heading}\n{line}\n\n{quote(agreement)}"


def render_nudge_post(*, week_key: str, locale: Locale, tr: Translator) -> str:
    """The Wednesday reminder in the public channel: one per guild and week, pinging nobody."""
    heading = tr.text(locale, "checkin.post.nudge.title")
    body = tr.text(locale, "checkin.post.nudge.body", week=week_text(week_key, locale, tr))
    return f"## {heading}\n{body}"
