"""Anonymous-question surfaces, pure: the ask modal, the moderation queue and the published question.

None of them is given an author: they render :class:`~features.anon._rules.Question`, which has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from features.anon._ids import ASK_MODAL_INPUT, Decision, ask_id, mascot_id, moderation_id, page_id, submit_id
from features.anon._rules import MAX_LENGTH, Page, Question
from features.kernel import (
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    Modal,
    Separator,
    TextDisplay,
    V2Message,
    paragraph_modal,
    validate_message,
)
from gateway.i18n import Locale, Translator

ACCENT: Final = 0x7B5EA7


def render_ask_modal(*, locale: Locale, tr: Translator) -> Modal:
    """The ask modal: one paragraph, up to :data:`MAX_LENGTH` characters (the minimum is checked on submit,
    so a too-short question gets our own explanation rather than the client's)."""
    return paragraph_modal(
        custom_id=submit_id(),
        title=tr.text(locale, "anon.modal.title"),
        input_id=ASK_MODAL_INPUT,
        label=tr.text(locale, "anon.modal.label"),
        placeholder=tr.text(locale, "anon.modal.placeholder"),
        max_length=MAX_LENGTH,
    )


def render_queue(
    questions: Sequence[Question], page: Page, total: int, *, locale: Locale, tr: Translator
) -> V2Message:
    """A page of the moderation queue: each question's request code and text with approve and reject, and
    previous/next when there is more than one page. An empty queue says so."""
    if total == 0:
        empty = Container(accent_color=ACCENT, components=(TextDisplay(content=tr.text(locale, "anon.queue.empty")),))
        return validate_message(V2Message(components=(empty,)))
    title = tr.plural(locale, "anon.queue.title", total)
    if page.count > 1:
        title = f"{title} · {tr.text(locale, 'anon.queue.page', page=page.index + 1, pages=page.count)}"
    children: list[TextDisplay | ActionRow | Separator] = [TextDisplay(content=f"### {title}")]
    for number, question in enumerate(questions, start=page.offset + 1):
        children.append(Separator())
        children.append(TextDisplay(content=f"{number}. `{question.request_code}`\n{question.text}"))
        children.append(
            ActionRow(
                components=(
                    Button(
                        style=ButtonStyle.SUCCESS,
                        label=tr.text(locale, "anon.button.approve"),
                        custom_id=moderation_id(Decision.APPROVE, question.id, page.index),
                    ),
                    Button(
                        style=ButtonStyle.DANGER,
                        label=tr.text(locale, "anon.button.reject"),
                        custom_id=moderation_id(Decision.REJECT, question.id, page.index),
                    ),
                )
            )
        )
    if page.count > 1:
        children.append(
            ActionRow(
                components=(
                    Button(
                        style=ButtonStyle.SECONDARY,
                        label=tr.text(locale, "anon.button.previous"),
                        custom_id=page_id(max(0, page.index - 1)),
                        disabled=not page.has_previous,
                    ),
                    Button(
                        style=ButtonStyle.SECONDARY,
                        label=tr.text(locale, "anon.button.next"),
                        custom_id=page_id(page.index + 1),
                        disabled=not page.has_next,
                    ),
                )
            )
        )
    return validate_message(V2Message(components=(Container(accent_color=ACCENT, components=tuple(children)),)))


def render_published(question: Question, *, locale: Locale, tr: Translator) -> V2Message:
    """The published question of the day with "ask a question" and "the mascot's answer"."""
    container = Container(
        accent_color=ACCENT,
        components=(
            TextDisplay(content=f"## {tr.text(locale, 'anon.post.title')}\n{question.text}"),
            Separator(),
            TextDisplay(content=f"-# {tr.text(locale, 'anon.post.footer')}"),
            ActionRow(
                components=(
                    Button(
                        style=ButtonStyle.PRIMARY, label=tr.text(locale, "anon.button.ask"), custom_id=ask_id()
                    ),
                    Button(
                        style=ButtonStyle.SECONDARY,
                        label=tr.text(locale, "anon.button.mascot"),
                        custom_id=mascot_id(question.id),
                    ),
                )
            ),
        ),
    )
    return validate_message(V2Message(components=(container,)))
