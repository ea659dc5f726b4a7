"""Localization: ru (default) and en gettext catalogs read with Babel, locale resolution, Discord localizations."""

from __future__ import annotations

from gateway.i18n._catalog import CATALOG_DIR as CATALOG_DIR
from gateway.i18n._catalog import Translator as Translator
from gateway.i18n._catalog import catalog_directories as catalog_directories
from gateway.i18n._catalog import default_translator as default_translator
from gateway.i18n._catalog import placeholders as placeholders
from gateway.i18n._catalog import register_catalog as register_catalog
from gateway.i18n._errors import CatalogError as CatalogError
from gateway.i18n._errors import MissingPlaceholder as MissingPlaceholder
from gateway.i18n._errors import MissingTranslation as MissingTranslation
from gateway.i18n._errors import TranslationError as TranslationError
from gateway.i18n._locale import DEFAULT_LOCALE as DEFAULT_LOCALE
from gateway.i18n._locale import DISCORD_LOCALE_CODES as DISCORD_LOCALE_CODES
from gateway.i18n._locale import LOCALES as LOCALES
from gateway.i18n._locale import Locale as Locale
from gateway.i18n._locale import normalize_locale as normalize_locale
from gateway.i18n._locale import resolve_locale as resolve_locale
from gateway.i18n._localizations import CommandText as CommandText
from gateway.i18n._localizations import command_text as command_text
from gateway.i18n._localizations import discord_localizations as discord_localizations

__all__ = (
    "CATALOG_DIR",
    "DEFAULT_LOCALE",
    "DISCORD_LOCALE_CODES",
    "LOCALES",
    "CatalogError",
    "CommandText",
    "Locale",
    "MissingPlaceholder",
    "MissingTranslation",
    "TranslationError",
    "Translator",
    "catalog_directories",
    "command_text",
    "default_translator",
    "discord_localizations",
    "normalize_locale",
    "placeholders",
    "register_catalog",
    "resolve_locale",
)
