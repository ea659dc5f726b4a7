"""The question and the vote in what members read, in both languages: the round notice, the answer modal, the
reveal post (within Discord's limits at its fullest), the scoreboard's counting lines and the rules; and the
question bank's validation."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest

from features.duels._ids import parse_duel_vote_id
from features.duels._questions import (
    MIN_QUESTIONS,
    Question,
    Tone,
    check_question_content,
    draw_question,
    question_bank,
    validate_questions,
)
from features.duels._render import (
    RevealedAnswer,
    RevealView,
    RoundNoticeView,
    ScoreboardView,
    render_answer_modal,
    render_reveal,
    render_round_notice,
    render_scoreboard,
)
from features.duels._rules import (
    ANSWERS_PER_POST,
    MAX_ANSWER_LENGTH,
    MAX_QUESTION_LENGTH,
    VOTE_MINUTES,
    DuelStatus,
    RoundStatus,
    answer_letter,
)
from features.duels._scoreboard import ScoreboardPair, ScoreboardRound, ScoreboardSubmission, build_scoreboard
from features.kernel import ContentError
from features.kernel._custom_id import decode_custom_id
from gateway.emulator._limits import message_problems, modal_problems
from gateway.i18n import Locale, default_translator

TR = default_translator()
NOW = dt.datetime(2026, 2, 18, 10, 0, tzinfo=dt.UTC)
LOCALES: tuple[Locale, ...] = ("ru", "en")
QUESTION = "Q" * MAX_QUESTION_LENGTH


def _walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for item in items:
        found.append(item)
        found.extend(_walk(item.get("components") or []))
    return found


def _texts(payload: dict[str, Any]) -> str:
    return "\n".join(c["content"] for c in _walk(payload["components"]) if c["type"] == 10)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_notice_and_the_modal_ask_the_question(locale: Locale) -> None:
    view = RoundNoticeView(
        round_id=uuid.UUID(int=1), round_no=2, pair_id=uuid.UUID(int=3), ends_at=NOW, question=QUESTION
    )
    notice = render_round_notice(view, locale=locale, tr=TR).to_payload()
    assert QUESTION in _texts(notice) and message_problems(notice) == []
    modal = render_answer_modal(
        round_id=view.round_id, pair_id=view.pair_id, round_no=2, question=QUESTION, locale=locale, tr=TR
    ).to_payload()
    assert modal["components"][0] == {"type": 10, "content": TR.text(locale, "duel.question", question=QUESTION)}
    assert modal["components"][1]["components"][0]["custom_id"] == "answer"
    assert modal_problems(modal) == []
    untitled = render_answer_modal(round_id=view.round_id, pair_id=view.pair_id, round_no=2, locale=locale, tr=TR)
    assert untitled.to_payload()["components"][0]["type"] == 1  # a round from before questions: no empty text


@pytest.mark.parametrize("locale", LOCALES)
def test_a_full_reveal_post_fits_and_names_nobody(locale: Locale) -> None:
    answers = tuple(
        RevealedAnswer(letter=answer_letter(i), submission_id=uuid.UUID(int=100 + i), answer="ж" * MAX_ANSWER_LENGTH)
        for i in range(ANSWERS_PER_POST)
    )
    view = RevealView(
        round_id=uuid.UUID(int=1), round_no=12, question=QUESTION, votes_end_at=NOW, answers=answers, page=2, pages=3
    )
    payload = render_reveal(view, locale=locale, tr=TR).to_payload()
    assert message_problems(payload) == []
    text = _texts(payload)
    assert QUESTION in text and "(2/3)" in text and "**H.**" in text
    buttons = [c for c in _walk(payload["components"]) if c["type"] == 2]
    assert [b["label"] for b in buttons] == [TR.text(locale, "duel.reveal.button", letter=a.letter) for a in answers]
    refs = [parse_duel_vote_id(decode_custom_id(b["custom_id"])) for b in buttons]
    assert [r.submission_id for r in refs] == [a.submission_id for a in answers]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_scoreboard_says_which_rounds_count_and_the_rules_explain_the_vote(locale: Locale) -> None:
    rounds = [
        ScoreboardRound(round_no=1, status=RoundStatus.CLOSED, ends_at=NOW, counted=True),
        ScoreboardRound(round_no=2, status=RoundStatus.CLOSED, ends_at=NOW, counted=True),
        ScoreboardRound(round_no=3, status=RoundStatus.ACTIVE, ends_at=NOW, question=QUESTION),
    ]
    pairs = [ScoreboardPair(pair_id=p, user1_id=f"1{p}", user2_id=f"2{p}") for p in ("a", "b")]
    subs = [
        ScoreboardSubmission(pair_id=p, round_no=1, answer="x", counted=True, votes=2) for p in ("a", "b")
    ]
    snapshot = build_scoreboard(duel_status=DuelStatus.ACTIVE, rounds=rounds, pairs=pairs, submissions=subs)
    payload = render_scoreboard(
        ScoreboardView(duel_id=uuid.UUID(int=1), snapshot=snapshot, updated_at=NOW), locale=locale, tr=TR
    ).to_payload()
    text = _texts(payload)
    assert TR.plural(locale, "duel.board.counted", 2, rounds="#1, #2") in text and QUESTION in text
    assert text.count(TR.text(locale, "duel.board.row_tied", rank=1, user1="<@1a>", user2="<@2a>",
                              points=TR.plural(locale, "duel.points", 2))) == 1
    rules = TR.text(locale, "duel.board.rules_text", minutes=TR.plural(locale, "duel.minutes", VOTE_MINUTES))
    assert str(VOTE_MINUTES) in rules and "{" not in rules


def test_russian_plurals_of_counted_rounds_agree() -> None:
    assert TR.plural("ru", "duel.board.counted", 1, rounds="#1").startswith("Засчитан 1 раунд")
    assert TR.plural("ru", "duel.board.counted", 3, rounds="#1").startswith("Засчитано 3 раунда")
    assert TR.plural("ru", "duel.board.counted", 11, rounds="#1").startswith("Засчитано 11 раундов")
    assert TR.plural("ru", "duel.board.counted", 21, rounds="#1").startswith("Засчитан 21 раунд")
    assert TR.plural("ru", "duel.minutes", 30) == "30 минут"


def test_the_bundled_bank_is_valid_and_balanced() -> None:
    bank = question_bank()
    assert len(bank) >= MIN_QUESTIONS
    assert {q.tone for q in bank} == set(Tone)
    assert check_question_content().startswith(f"{len(bank)} duel questions")


def _question(key: str, tone: Tone = Tone.FUN, text: str | None = None) -> Question:
    words = text or f"What about {key}?"
    return Question(key=key, tone=tone, ru=f"Как насчёт {key}?" if text is None else words, en=words)


def _bank() -> list[Question]:
    tones = list(Tone)
    return [_question(f"q{i:02d}", tones[i % 3]) for i in range(MIN_QUESTIONS)]


@pytest.mark.parametrize(
    "broken",
    [
        lambda bank: bank[1:],  # too few
        lambda bank: [*bank, bank[0]],  # a duplicate key
        lambda bank: [q for q in bank if q.tone is not Tone.DEEP] + [_question(f"x{i}") for i in range(20)],
        lambda bank: [*bank, _question("dup", text=bank[0].en)],  # the same words twice
        lambda bank: [*bank, _question("long", text="x" * (MAX_QUESTION_LENGTH + 1))],
        lambda bank: [*bank, _question("Bad-Key")],
        lambda bank: [*bank, _question("brace", text="Who is {name}?")],
    ],
)
def test_a_broken_bank_is_refused(broken: Any) -> None:
    validate_questions(tuple(_bank()))
    with pytest.raises(ContentError):
        validate_questions(tuple(broken(_bank())))


def test_the_draw_skips_asked_questions_and_is_stable() -> None:
    bank = tuple(_bank())
    first = draw_question(bank, set(), duel_id="d", round_no=1)
    assert first is not None and draw_question(bank, set(), duel_id="d", round_no=1) == first
    asked = {q.key for q in bank[:-1]}
    assert draw_question(bank, asked, duel_id="d", round_no=40) == bank[-1]
    assert draw_question(bank, {q.key for q in bank}, duel_id="d", round_no=41) is None


def test_the_content_file_lives_beside_the_feature() -> None:
    assert (Path(__file__).parents[3] / "features" / "duels" / "content" / "questions.toml").is_file()
