"""The mascot's answers, read from ``content/answers.toml`` and validated once: a question's theme from its
keywords, and one of the theme's answers picked from the question itself (features.md §8.4, in both languages).

The pick depends only on the question (its id and text), never on who asks or when: every member sees the same
answer to the same question, so asking again tells nothing new and costs nothing.
"""

from __future__ import annotations

import enum
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Final

import msgspec

from features.kernel import Bilingual, ContentError, check_content_text, decode_content, pick_index
from gateway.i18n import LOCALES, Locale

CONTENT_DIR: Final = Path(__file__).parent / "content"


class Theme(enum.StrEnum):
    """What a question is about, in the order its keywords are tried."""

    BOUNDARIES = "boundaries"
    REPAIR = "repair"
    CONNECTION = "connection"


class ThemeAnswers(Bilingual[tuple[str, ...]], frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One theme: its keywords and its answers in each language."""

    theme: Theme
    keywords: tuple[str, ...]


class AnswersFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``answers.toml``."""

    themes: tuple[ThemeAnswers, ...]


def validate_answers(themes: tuple[ThemeAnswers, ...]) -> None:
    """Raise :class:`ContentError` unless every theme appears once, in order, the fallback last and without
    keywords, the others with lower-case keywords, and each has answers, as many in every language."""
    if tuple(t.theme for t in themes) != tuple(Theme):
        raise ContentError(f"anon answers: themes must be {', '.join(Theme)} in this order")
    for entry in themes:
        where = f"anon answers {entry.theme}"
        fallback = entry.theme is Theme.CONNECTION
        if fallback != (not entry.keywords):
            raise ContentError(f"{where}: only the last theme has no keywords")
        if any(not k.strip() or k != k.lower() for k in entry.keywords):
            raise ContentError(f"{where}: keywords must be non-empty and lower-case")
        counts = {len(entry.words(locale)) for locale in LOCALES}
        if len(counts) != 1 or 0 in counts:
            raise ContentError(f"{where}: needs answers, as many in every language")
        for locale in LOCALES:
            for text in entry.words(locale):
                check_content_text(f"{where} [{locale}]", text)


def load_answers(directory: Path | None = None) -> tuple[ThemeAnswers, ...]:
    """Read and validate ``answers.toml`` from ``directory`` (default: the bundled :data:`CONTENT_DIR`)."""
    themes = decode_content((directory or CONTENT_DIR) / "answers.toml", AnswersFile).themes
    validate_answers(themes)
    return themes


@lru_cache(maxsize=1)
def answer_catalogue() -> tuple[ThemeAnswers, ...]:
    """The bundled themes, read and validated once per process."""
    return load_answers()


def check_answer_content() -> str:
    """``together seed``'s check: validate the bundled file and say what it holds."""
    themes = load_answers()
    total = sum(len(t.en) for t in themes)
    return f"{total} mascot answers in {len(themes)} themes ({', '.join(LOCALES)})"


def theme_of(text: str, themes: tuple[ThemeAnswers, ...]) -> ThemeAnswers:
    """The first theme whose keyword the lower-cased question contains; the fallback (last) otherwise."""
    lowered = text.lower()
    for entry in themes:
        if any(keyword in lowered for keyword in entry.keywords):
            return entry
    return themes[-1]


def mascot_answer(question_id: uuid.UUID, text: str, locale: Locale, themes: tuple[ThemeAnswers, ...]) -> str:
    """The mascot's answer to a question, in ``locale``: the same for everyone, every time."""
    answers = theme_of(text, themes).words(locale)
    return answers[pick_index(f"{question_id}:{text}", len(answers))]
