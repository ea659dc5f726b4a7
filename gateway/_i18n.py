"""The gateway's short path to the project catalogs (:mod:`gateway.i18n`) for a key and a Discord locale."""

from __future__ import annotations

from typing import Final

from gateway.i18n import Locale, MissingTranslation, default_translator
from gateway.i18n import normalize_locale as _normalize

DEFAULT_LOCALE: Final[Locale] = "ru"


def normalize_locale(locale: str | None) -> Locale:
    """Map a Discord locale (``en-US``, ``ru``…) onto a supported one; anything else is the default."""
    return _normalize(locale) or DEFAULT_LOCALE


def translate(key: str, locale: str | None) -> str:
    """The text for ``key`` in ``locale`` (falling back to the default locale); a missing key raises KeyError."""
    try:
        return default_translator().text(normalize_locale(locale), key)
    except MissingTranslation:
        raise KeyError(key) from None
