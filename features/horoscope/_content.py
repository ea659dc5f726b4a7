"""The horoscope's content, read from ``content/horoscope.toml`` beside this module and validated once.

Themes, signs and situations ship with the code: readings store only the keys they were made from, and the
text is composed again from these parts whenever it is shown (in the guild's language at that moment).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import msgspec

from features.horoscope._rules import Tone
from features.kernel import TITLE_LIMIT, Bilingual, ContentError, check_content_text, check_id_keys, decode_content
from gateway.i18n import LOCALES

CONTENT_DIR: Final = Path(__file__).parent / "content"
MIN_THEMES: Final = 12
SIGN_COUNT: Final = 12
MIN_SITUATIONS: Final = 6
#: The situations the issue names; more may be added.
REQUIRED_SITUATIONS: Final = frozenset({"conflict", "fine", "routine", "distance", "fatigue", "jealousy"})
#: Keys travel in custom ids and rows: short (a picker's id carries a sign, a tone and a situation key).
MAX_KEY_LENGTH: Final = 16


class ThemeText(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A theme in one language: its name, the week's line, a personal step and a step for a pair."""

    title: str
    sky: str
    step: str
    pair_step: str


class Theme(Bilingual[ThemeText], frozen=True, kw_only=True, forbid_unknown_fields=True):
    key: str


class SignText(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A sign in one language: its name and the strengths a reading may name (whole sentences)."""

    name: str
    gifts: tuple[str, ...]


class Sign(Bilingual[SignText], frozen=True, kw_only=True, forbid_unknown_fields=True):
    key: str
    symbol: str


class SituationText(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A situation in one language: its label, one piece of advice per tone and a phrase to say."""

    label: str
    soft: str
    honest: str
    direct: str
    phrase: str

    def advice(self, tone: Tone) -> str:
        return {Tone.SOFT: self.soft, Tone.HONEST: self.honest, Tone.DIRECT: self.direct}[tone]


class Situation(Bilingual[SituationText], frozen=True, kw_only=True, forbid_unknown_fields=True):
    key: str


class HoroscopeContent(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``horoscope.toml``, in file order (picks sort keys themselves)."""

    themes: tuple[Theme, ...]
    signs: tuple[Sign, ...]
    situations: tuple[Situation, ...]

    def theme(self, key: str) -> Theme:
        return next(theme for theme in self.themes if theme.key == key)

    def sign(self, key: str) -> Sign | None:
        return next((sign for sign in self.signs if sign.key == key), None)

    def situation(self, key: str) -> Situation | None:
        return next((situation for situation in self.situations if situation.key == key), None)

    @property
    def theme_keys(self) -> tuple[str, ...]:
        return tuple(theme.key for theme in self.themes)


def validate_content(content: HoroscopeContent) -> None:
    """Raise :class:`ContentError` unless there are enough themes, all twelve signs and the named situations,
    uniquely keyed and worded in every language."""
    if len(content.themes) < MIN_THEMES:
        raise ContentError(f"horoscope themes: {len(content.themes)} < {MIN_THEMES}")
    if len(content.signs) != SIGN_COUNT:
        raise ContentError(f"horoscope signs: {len(content.signs)} != {SIGN_COUNT}")
    missing = REQUIRED_SITUATIONS - {situation.key for situation in content.situations}
    if len(content.situations) < MIN_SITUATIONS or missing:
        raise ContentError(f"horoscope situations: missing {sorted(missing)}")
    check_id_keys("horoscope themes", [theme.key for theme in content.themes], max_length=MAX_KEY_LENGTH)
    check_id_keys("horoscope signs", [sign.key for sign in content.signs], max_length=MAX_KEY_LENGTH)
    check_id_keys(
        "horoscope situations", [situation.key for situation in content.situations], max_length=MAX_KEY_LENGTH
    )
    for locale in LOCALES:
        for theme in content.themes:
            words = theme.words(locale)
            where = f"horoscope theme {theme.key} [{locale}]"
            check_content_text(where, words.title, TITLE_LIMIT)
            for text in (words.sky, words.step, words.pair_step):
                check_content_text(where, text)
        for sign in content.signs:
            signs = sign.words(locale)
            where = f"horoscope sign {sign.key} [{locale}]"
            check_content_text(where, signs.name, TITLE_LIMIT)
            if not signs.gifts:
                raise ContentError(f"{where}: no gifts")
            for gift in signs.gifts:
                check_content_text(where, gift)
        for situation in content.situations:
            said = situation.words(locale)
            where = f"horoscope situation {situation.key} [{locale}]"
            check_content_text(where, said.label, TITLE_LIMIT)
            for text in (*(said.advice(tone) for tone in Tone), said.phrase):
                check_content_text(where, text)


def load_content(directory: Path | None = None) -> HoroscopeContent:
    """Read and validate ``horoscope.toml`` from ``directory`` (default: the bundled :data:`CONTENT_DIR`)."""
    content = decode_content((directory or CONTENT_DIR) / "horoscope.toml", HoroscopeContent)
    validate_content(content)
    return content


@lru_cache(maxsize=1)
def horoscope_content() -> HoroscopeContent:
    """The bundled content, read and validated once per process."""
    return load_content()
