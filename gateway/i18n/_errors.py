"""Errors of the i18n layer."""

from __future__ import annotations

from together.errors import BotError


class TranslationError(BotError):
    """A text could not be produced from the catalogs."""


class MissingTranslation(TranslationError):
    """The key exists in no catalog."""


class MissingPlaceholder(TranslationError):
    """A placeholder of the text was not given a value."""


class CatalogError(TranslationError):
    """A catalog file is invalid."""
