"""The duel's question bank, read from ``content/questions.toml`` beside this module and validated once, and the
draw of a round's question from it.

The bank ships with the code (``together seed`` validates it before a deploy writes anything); a round stores
the question's words as posted and its key, so a later rewording never changes a past round and a duel never
draws the same question twice.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Final

import msgspec

from features.kernel import Bilingual, ContentError, check_content_text, check_id_keys, decode_content, h32
from gateway.i18n import LOCALES

CONTENT_DIR: Final = Path(__file__).parent / "content"
#: Enough for a long duel: a round a day for more than a month without a repeat.
MIN_QUESTIONS: Final = 40
#: A bank question is shown as it is, so it stays within what a moderator may write.
MAX_BANK_QUESTION: Final = 200


class Tone(enum.StrEnum):
    """Fun: a game of imagination. Light: everyday life together. Deep: what matters to the couple."""

    FUN = "fun"
    LIGHT = "light"
    DEEP = "deep"


class Question(Bilingual[str], frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One bank question in every language."""

    key: str
    tone: Tone


class QuestionsFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``questions.toml``."""

    questions: tuple[Question, ...]


def validate_questions(questions: tuple[Question, ...]) -> None:
    """Raise :class:`ContentError` unless there are enough uniquely keyed questions of every tone, each worded
    in every language within the length a moderator's question may have."""
    if len(questions) < MIN_QUESTIONS:
        raise ContentError(f"duel questions: {len(questions)} < {MIN_QUESTIONS}")
    check_id_keys("duel questions", [question.key for question in questions])
    if {question.tone for question in questions} != set(Tone):
        raise ContentError("duel questions: need fun, light and deep questions")
    for locale in LOCALES:
        words = [question.words(locale).strip().casefold() for question in questions]
        if len(set(words)) != len(words):
            raise ContentError(f"duel questions [{locale}]: the same question twice")
    for question in questions:
        for locale in LOCALES:
            check_content_text(f"duel question {question.key} [{locale}]", question.words(locale), MAX_BANK_QUESTION)


def load_questions(directory: Path | None = None) -> tuple[Question, ...]:
    """Read and validate ``questions.toml`` from ``directory`` (default: the bundled :data:`CONTENT_DIR`)."""
    questions = decode_content((directory or CONTENT_DIR) / "questions.toml", QuestionsFile).questions
    validate_questions(questions)
    return questions


@lru_cache(maxsize=1)
def question_bank() -> tuple[Question, ...]:
    """The bundled questions, read and validated once per process."""
    return load_questions()


def check_question_content() -> str:
    """``together seed``'s check: validate the bundled file and say what it holds."""
    questions = load_questions()
    tones = ", ".join(f"{sum(q.tone is tone for q in questions)} {tone.value}" for tone in Tone)
    return f"{len(questions)} duel questions ({tones}; {', '.join(LOCALES)})"


def draw_question(
    bank: tuple[Question, ...], used_keys: Collection[str], *, duel_id: str, round_no: int
) -> Question | None:
    """The question of round ``round_no``: one of the bank's questions the duel has not asked yet, picked by a
    stable hash of the duel and the round (the same on every node, whatever order the rows came in); None once
    every question was asked."""
    unused = sorted((question for question in bank if question.key not in used_keys), key=lambda q: q.key)
    if not unused:
        return None
    return unused[h32(f"duel-question:{duel_id}:{round_no}") % len(unused)]
