"""``/say`` surfaces: the input modal and the result card with tone and send buttons (features.md §11)."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec

from features.kernel import (
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    Modal,
    Separator,
    TextDisplay,
    V2Message,
    discord_timestamp,
    paragraph_modal,
    validate_message,
)
from features.mediator._content import SayTone
from features.mediator._ids import SAY_MODAL_ID, say_send_id, say_tone_id
from features.mediator._say_rules import MAX_SOURCE_LENGTH, MIN_SOURCE_LENGTH, SayVariants
from gateway.i18n import Locale, Translator

ACCENT = 0x7E57C2
SOURCE_INPUT_ID = "source"


class SayView(msgspec.Struct, frozen=True, kw_only=True):
    """A ``/say`` session as the result card shows it."""

    session_id: uuid.UUID
    variants: SayVariants
    selected: SayTone = SayTone.SOFT
    has_pair_room: bool = True
    sent_at: dt.datetime | None = None


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def render_say_modal(*, locale: Locale, tr: Translator) -> Modal:
    """The ``/say`` modal: one paragraph input ``source`` (2..320 characters)."""
    return paragraph_modal(
        custom_id=SAY_MODAL_ID,
        title=tr.text(locale, "say.modal.title"),
        input_id=SOURCE_INPUT_ID,
        label=tr.text(locale, "say.modal.label"),
        placeholder=tr.text(locale, "say.modal.placeholder"),
        min_length=MIN_SOURCE_LENGTH,
        max_length=MAX_SOURCE_LENGTH,
    )


def render_say_result(view: SayView, *, locale: Locale, tr: Translator) -> V2Message:
    """Render the three rewrites, the selected one as a preview, tone buttons and the send button.

    The send button is disabled when the member has no pair room or the text was already sent.
    """
    blocks = [f"## {tr.text(locale, 'say.result.title')}", tr.text(locale, "say.result.choose")]
    blocks.extend(
        f"**{tr.text(locale, f'say.tone.{tone.value}')}**\n{_quote(view.variants.for_tone(tone))}" for tone in SayTone
    )
    preview = [
        tr.text(locale, "say.result.selected", tone=tr.text(locale, f"say.tone.{view.selected.value}")),
        _quote(view.variants.for_tone(view.selected)),
    ]
    if view.sent_at is not None:
        preview.append(tr.text(locale, "say.result.sent", when=discord_timestamp(view.sent_at)))
    elif not view.has_pair_room:
        preview.append(tr.text(locale, "say.result.no_pair_room"))
    tone_buttons = tuple(
        Button(
            style=ButtonStyle.PRIMARY if tone is view.selected else ButtonStyle.SECONDARY,
            label=tr.text(locale, f"say.tone.{tone.value}"),
            custom_id=say_tone_id(view.session_id, tone),
        )
        for tone in SayTone
    )
    send = Button(
        style=ButtonStyle.SUCCESS,
        label=tr.text(locale, "say.button.send"),
        custom_id=say_send_id(view.session_id),
        disabled=view.sent_at is not None or not view.has_pair_room,
    )
    container = Container(
        accent_color=ACCENT,
        components=(
            TextDisplay(content="\n\n".join(blocks)),
            Separator(),
            TextDisplay(content="\n".join(preview)),
            ActionRow(components=tone_buttons),
            ActionRow(components=(send,)),
        ),
    )
    return validate_message(V2Message(components=(container,)))


def render_say_room_message(*, author_id: str, text: str, locale: Locale, tr: Translator) -> V2Message:
    """The message posted into the pair room when the member sends the selected rewrite."""
    content = "\n".join((tr.text(locale, "say.room.header", author=f"<@{author_id}>"), _quote(text)))
    return validate_message(
        V2Message(components=(Container(accent_color=ACCENT, components=(TextDisplay(content=content),)),))
    )
