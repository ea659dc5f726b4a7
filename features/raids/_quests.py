"""The quest catalogue, read from ``content/quests.toml`` beside this module and validated once.

The catalogue ships with the code rather than living in a table: offers and claims store quest keys, and the
rules read points and words from here (``together seed`` validates the file before a deploy writes anything).
"""

from __future__ import annotations

import enum
from functools import lru_cache
from pathlib import Path
from typing import Final

import msgspec

from features.kernel import TITLE_LIMIT, Bilingual, ContentError, check_content_text, check_id_keys, decode_content
from features.raids._rules import DAILY_PAIR_CAP, OFFERS_PER_DAY
from gateway.i18n import LOCALES, Locale

CONTENT_DIR: Final = Path(__file__).parent / "content"
MIN_QUESTS: Final = 20


class Difficulty(enum.StrEnum):
    """Micro: a few minutes. Medium: an evening's plan."""

    MICRO = "micro"
    MEDIUM = "medium"


class QuestText(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A quest's words in one language."""

    title: str
    text: str


class Quest(Bilingual[QuestText], frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One quest a pair can do together and claim."""

    key: str
    difficulty: Difficulty
    points: int


class QuestsFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``quests.toml``."""

    quests: tuple[Quest, ...]


def validate_quests(quests: tuple[Quest, ...]) -> None:
    """Raise :class:`ContentError` unless there are enough quests of both kinds, uniquely and safely keyed, each
    worth something within the daily cap and worded in every language."""
    if len(quests) < max(MIN_QUESTS, OFFERS_PER_DAY):
        raise ContentError(f"raid quests: {len(quests)} < {MIN_QUESTS}")
    check_id_keys("raid quests", [quest.key for quest in quests])
    if {quest.difficulty for quest in quests} != set(Difficulty):
        raise ContentError("raid quests: need both micro and medium quests")
    for quest in quests:
        if not 1 <= quest.points <= DAILY_PAIR_CAP:
            raise ContentError(f"raid quest {quest.key}: points must be 1..{DAILY_PAIR_CAP}")
        for locale in LOCALES:
            words = quest.words(locale)
            where = f"raid quest {quest.key} [{locale}]"
            check_content_text(where, words.title, TITLE_LIMIT)
            check_content_text(where, words.text)


def load_quests(directory: Path | None = None) -> tuple[Quest, ...]:
    """Read and validate ``quests.toml`` from ``directory`` (default: the bundled :data:`CONTENT_DIR`)."""
    quests = decode_content((directory or CONTENT_DIR) / "quests.toml", QuestsFile).quests
    validate_quests(quests)
    return quests


@lru_cache(maxsize=1)
def quest_catalogue() -> dict[str, Quest]:
    """The bundled quests by key, read and validated once per process."""
    return {quest.key: quest for quest in load_quests()}


def check_quest_content() -> str:
    """``together seed``'s check: validate the bundled file and say what it holds."""
    quests = load_quests()
    micro = sum(quest.difficulty is Difficulty.MICRO for quest in quests)
    return f"{len(quests)} raid quests ({micro} micro, {len(quests) - micro} medium; {', '.join(LOCALES)})"


def quest_title(key: str, locale: Locale) -> str:
    """The quest's title in ``locale``; its key when a later catalogue no longer has it (an old claim)."""
    quest = quest_catalogue().get(key)
    return key if quest is None else quest.words(locale).title
