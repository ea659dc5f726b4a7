"""Locales: the two the bot speaks, normalisation of what Discord sends, and resolution order (runtime.md §5.5)."""

from __future__ import annotations

from typing import Final, Literal, get_args

Locale = Literal["ru", "en"]

LOCALES: Final[tuple[Locale, ...]] = get_args(Locale)
DEFAULT_LOCALE: Final[Locale] = "ru"

#: Discord locale codes each of our locales is published under (command localizations).
DISCORD_LOCALE_CODES: Final[dict[Locale, tuple[str, ...]]] = {"ru": ("ru",), "en": ("en-US", "en-GB")}


def normalize_locale(value: str | None) -> Locale | None:
    """Map a locale tag to one of ours: ``ru``/``ru-*`` → ru, ``en``/``en-*`` → en (any case, ``_`` or ``-``).

    Returns ``None`` for anything else, so the caller falls through to the next source in the resolution order.
    """
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-", 1)[0].lower()
    if primary == "ru":
        return "ru"
    if primary == "en":
        return "en"
    return None


def resolve_locale(
    guild_setting: str | None = None, guild_locale: str | None = None, user_locale: str | None = None
) -> Locale:
    """Pick the reply locale: the guild's configured locale, then Discord's guild locale, then the user's, then ru.

    In a guild the configured locale (always ``ru`` or ``en``) wins, so everybody there sees one language; the
    Discord locales only matter in DMs, where no guild setting exists.
    """
    for candidate in (guild_setting, guild_locale, user_locale):
        locale = normalize_locale(candidate)
        if locale is not None:
            return locale
    return DEFAULT_LOCALE
