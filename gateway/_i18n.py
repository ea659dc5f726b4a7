"""A tiny message catalog (``ru`` default, ``en``); a later change replaces it with Babel/gettext catalogs."""

from __future__ import annotations

from typing import Final

DEFAULT_LOCALE: Final = "ru"
LOCALES: Final = ("ru", "en")

_CATALOG: Final[dict[str, dict[str, str]]] = {
    "ping.description": {"ru": "Проверить, что бот на связи", "en": "Check that the bot is online"},
    "ping.reply": {"ru": "Понг! Я на связи.", "en": "Pong! I am here."},
    "error.interaction_failed": {
        "ru": "Не получилось выполнить действие. Попробуйте ещё раз чуть позже.",
        "en": "That did not work. Please try again in a moment.",
    },
}


def normalize_locale(locale: str | None) -> str:
    """Map a Discord locale (``en-US``, ``ru``…) onto a supported one; anything else is the default."""
    if locale:
        base = locale.split("-", 1)[0].lower()
        if base in LOCALES:
            return base
    return DEFAULT_LOCALE


def translate(key: str, locale: str | None) -> str:
    """The text for ``key`` in ``locale`` (falling back to the default locale); a missing key raises."""
    texts = _CATALOG[key]
    return texts.get(normalize_locale(locale)) or texts[DEFAULT_LOCALE]
