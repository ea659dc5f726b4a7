"""Discord ``name_localizations`` / ``description_localizations`` for slash commands and their options."""

from __future__ import annotations

import msgspec

from gateway.i18n._catalog import Translator
from gateway.i18n._locale import DEFAULT_LOCALE, DISCORD_LOCALE_CODES


class CommandText(msgspec.Struct, frozen=True, kw_only=True):
    """The name and description of a command (or option) with their Discord localizations.

    ``name``/``description`` are the base values (the default locale's); Discord shows the localized ones to
    clients in those locales and always sends the base name back in interactions, so routing never changes.
    """

    name: str
    description: str
    name_localizations: dict[str, str]
    description_localizations: dict[str, str]


def discord_localizations(translator: Translator, key: str, /, **params: object) -> dict[str, str]:
    """Return ``{discord_locale_code: text}`` of ``key`` for every Discord code of every supported locale."""
    result: dict[str, str] = {}
    for locale, codes in DISCORD_LOCALE_CODES.items():
        text = translator.text(locale, key, **params)
        for code in codes:
            result[code] = text
    return result


def command_text(translator: Translator, path: str) -> CommandText:
    """Return the localized name and description of the command, subcommand or option at ``path``.

    ``path`` is dotted (``admin.config.set``, ``admin.config.set.option.value``); the catalog holds
    ``command.<path>.name`` and ``command.<path>.description``.
    """
    name_key = f"command.{path}.name"
    description_key = f"command.{path}.description"
    return CommandText(
        name=translator.text(DEFAULT_LOCALE, name_key),
        description=translator.text(DEFAULT_LOCALE, description_key),
        name_localizations=discord_localizations(translator, name_key),
        description_localizations=discord_localizations(translator, description_key),
    )
