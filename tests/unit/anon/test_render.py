"""The anonymous-question surfaces in both languages: the modal, the queue (empty, one page, several) and the
published question; none shows more than the question's text and request code."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from features.anon._render import render_ask_modal, render_published, render_queue
from features.anon._rules import MAX_LENGTH, Question, queue_page
from gateway.i18n import Locale, default_translator

CREATED = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


def _question(n: int) -> Question:
    return Question(
        id=uuid.UUID(int=n), request_code=f"CODE{n:02d}", text=f"Question {n}?", status="pending", created_at=CREATED
    )


def _buttons(payload: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []

    def walk(items: object) -> None:
        for item in items or []:  # type: ignore[attr-defined]
            if item.get("type") == 2:
                found.append(item)
            walk(item.get("components"))

    walk(payload.get("components"))
    return found


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_the_modal_asks_for_one_question(locale: Locale) -> None:
    payload = render_ask_modal(locale=locale, tr=default_translator()).to_payload()
    (row,) = payload["components"]
    (field,) = row["components"]
    assert payload["custom_id"] == "t1:anon:submit" and field["custom_id"] == "question"
    assert field["max_length"] == MAX_LENGTH and field["style"] == 2


@pytest.mark.parametrize(("locale", "empty"), [("ru", "Вопросов на модерации нет."), ("en", "No questions")])
def test_an_empty_queue_says_so_without_buttons(locale: Locale, empty: str) -> None:
    payload = render_queue([], queue_page(0, 0), 0, locale=locale, tr=default_translator()).to_payload()
    assert empty in json.dumps(payload, ensure_ascii=False)
    assert _buttons(payload) == []


@pytest.mark.parametrize(
    ("locale", "title"),
    [("ru", "На модерации 7 вопросов · страница 2 из 3"), ("en", "7 questions waiting for moderation · page 2 of 3")],
)
def test_a_middle_page_numbers_its_questions_and_can_go_both_ways(locale: Locale, title: str) -> None:
    page = queue_page(1, 7)
    payload = render_queue(
        [_question(n) for n in (4, 5, 6)], page, 7, locale=locale, tr=default_translator()
    ).to_payload()
    shown = json.dumps(payload, ensure_ascii=False)
    assert title in shown
    assert "4. `CODE04`\\nQuestion 4?" in shown and "6. `CODE06`\\nQuestion 6?" in shown
    buttons = _buttons(payload)
    assert len(buttons) == 3 * 2 + 2
    assert [b.get("disabled", False) for b in buttons[-2:]] == [False, False]
    assert [b["custom_id"] for b in buttons[-2:]] == ["t1:anon:page:0", "t1:anon:page:2"]


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_a_single_page_has_no_navigation_and_plural_titles_agree(locale: Locale) -> None:
    tr = default_translator()
    payload = render_queue([_question(1)], queue_page(0, 1), 1, locale=locale, tr=tr).to_payload()
    shown = json.dumps(payload, ensure_ascii=False)
    assert ("На модерации 1 вопрос" if locale == "ru" else "1 question waiting for moderation") in shown
    assert [str(b["custom_id"]).split(":")[2] for b in _buttons(payload)] == ["approve", "reject"]


@pytest.mark.parametrize(("locale", "title"), [("ru", "Вопрос дня"), ("en", "Question of the day")])
def test_the_published_question_shows_its_text_and_two_buttons(locale: Locale, title: str) -> None:
    payload = render_published(_question(3), locale=locale, tr=default_translator()).to_payload()
    shown = json.dumps(payload, ensure_ascii=False)
    assert f"## {title}\\nQuestion 3?" in shown
    assert "CODE03" not in shown  # the request code is between the author and the moderators
    assert [str(b["custom_id"]).split(":")[2] for b in _buttons(payload)] == ["ask", "mascot"]
