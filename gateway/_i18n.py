"""The gateway's short path to the project catalogs (:mod:`gateway.i18n`) for a key and a Discord locale."""

from __future__ import annotations

from gateway.i18n import MissingTranslation, default_translator, resolve_locale


def translate(key: str, locale: str | None) -> str:
    """The text for ``key`` in ``locale`` (a Discord locale such as ``en-US``; anything unsupported is the default
    locale); a missing key raises KeyError."""
    try:
        return default_translator().text(resolve_locale(locale), key)
    except MissingTranslation:
        raise KeyError(key) from None
