"""Date idea records, read from `content/date_ideas.toml` beside this module and validated once."""

from __future__ import annotations

import enum
from functools import lru_cache
from pathlib import Path
from typing import Final

import msgspec

from features.kernel import TITLE_LIMIT, Bilingual, ContentError, check_content_text, check_unique_keys, decode_content
from gateway.i18n import LOCALES


class Energy(enum.StrEnum):
    """How much energy the couple has for a date."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Budget(enum.StrEnum):
    """How much the date may cost."""

    FREE = "free"
    MODERATE = "moderate"
    SPLURGE = "splurge"


class TimeWindow(enum.StrEnum):
    """How long the date may take."""

    QUICK = "quick"
    EVENING = "evening"
    HALFDAY = "halfday"


class DateIdeaText(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A date idea's words in one locale."""

    title: str
    steps: tuple[str, str, str]
    starter: str
    plan_b: str


class DateIdeaTemplate(Bilingual[DateIdeaText], frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One date idea: the filters it suits and its texts per locale."""

    key: str
    energy: tuple[Energy, ...]
    budget: tuple[Budget, ...]
    time: tuple[TimeWindow, ...]


class DateIdeasFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``date_ideas.toml``."""

    ideas: tuple[DateIdeaTemplate, ...]


CONTENT_DIR: Final = Path(__file__).parent / "content"
MIN_DATE_IDEAS: Final = 11


def validate_date_ideas(ideas: tuple[DateIdeaTemplate, ...]) -> None:
    """Raise :class:`ContentError` unless the ideas are enough, uniquely keyed, filtered and fully worded."""
    if len(ideas) < MIN_DATE_IDEAS:
        raise ContentError(f"date ideas: {len(ideas)} < {MIN_DATE_IDEAS}")
    keys = [idea.key for idea in ideas]
    check_unique_keys("date ideas", keys)
    for idea in ideas:
        if not (idea.energy and idea.budget and idea.time):
            raise ContentError(f"date idea {idea.key}: empty filter list")
        for locale in LOCALES:
            text = idea.words(locale)
            where = f"date idea {idea.key} [{locale}]"
            check_content_text(where, text.title, TITLE_LIMIT)
            for line in (*text.steps, text.starter, text.plan_b):
                check_content_text(where, line)


def load_date_ideas(directory: Path | None = None) -> tuple[DateIdeaTemplate, ...]:
    """Read and validate ``date_ideas.toml`` from ``directory`` (default: the bundled :data:`CONTENT_DIR`)."""
    ideas = decode_content((directory or CONTENT_DIR) / "date_ideas.toml", DateIdeasFile).ideas
    validate_date_ideas(ideas)
    return ideas


@lru_cache(maxsize=1)
def default_date_ideas() -> tuple[DateIdeaTemplate, ...]:
    """The bundled date ideas, read and validated once per process."""
    return load_date_ideas()


def check_date_content() -> str:
    """``together seed``'s check: validate the bundled file and say what it holds."""
    return f"{len(load_date_ideas())} date ideas ({', '.join(LOCALES)})"
