"""Gettext catalogs read with Babel: ``<directory>/<locale>.po`` of several directories, compiled in memory,
keyed by message id.

Texts live with the code that shows them: this package's ``catalogs/`` holds the Discord side's own few texts
(``/ping``, the failure apology), and each feature package registers its ``texts/`` folder with
:func:`register_catalog` when it is imported. :func:`default_translator` reads every registered folder.

Message ids are stable keys (``ping.reply``), never English source text, so a wording change never
orphans a translation. Plural entries use the key as both ``msgid`` and ``msgid_plural``; the catalog's own
``Plural-Forms`` header picks the form (Russian: one / few / many, CLDR rules).
"""

from __future__ import annotations

import io
import logging
import string
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from gateway.i18n._errors import CatalogError, MissingPlaceholder, MissingTranslation, TranslationError
from gateway.i18n._locale import DEFAULT_LOCALE, LOCALES, Locale

logger = logging.getLogger(__name__)

CATALOG_DIR = (Path(__file__).parent / "catalogs").resolve()
_FORMATTER = string.Formatter()


def placeholders(template: str) -> frozenset[str]:
    """Return the ``{name}`` placeholders of ``template`` (``{{`` and ``}}`` are literal braces)."""
    return frozenset(field for _, field, _, _ in _FORMATTER.parse(template) if field is not None)


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> object:
        raise MissingPlaceholder(f"no value for placeholder {{{key}}}")


class _LocaleCatalog:
    """One locale: the parsed catalog (for introspection) and its compiled translations (for lookup)."""

    def __init__(self, catalog: Catalog) -> None:
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        self.translations = Translations(fp=buffer)
        self.forms: dict[str, tuple[str, ...]] = {}
        self.plural_keys: set[str] = set()
        for message in catalog:
            if not message.id or message.fuzzy:
                continue  # the header entry, or a draft that write_mo leaves out of the compiled catalog
            strings = message.string
            texts = (strings,) if isinstance(strings, str) else tuple(s or "" for s in strings or ())
            if isinstance(message.id, str):
                self.forms[message.id] = texts
            else:
                key = str(message.id[0])
                self.plural_keys.add(key)
                self.forms[key] = texts
        self.num_plurals = catalog.num_plurals


class Translator:
    """Localized texts by key: :meth:`text` for plain messages, :meth:`plural` for counted ones.

    A key missing in the requested locale falls back to ``ru`` (logged); a key missing everywhere raises
    :class:`MissingTranslation`. Tests keep both catalogs complete, so neither happens in practice.
    """

    def __init__(self, catalogs: Mapping[Locale, Catalog]) -> None:
        self._locales = {locale: _LocaleCatalog(catalog) for locale, catalog in catalogs.items()}
        if DEFAULT_LOCALE not in self._locales:
            raise CatalogError(f"the default locale {DEFAULT_LOCALE} has no catalog")

    @classmethod
    def from_directory(cls, directory: Path = CATALOG_DIR) -> Translator:
        """The catalogs of one directory (see :meth:`from_directories`)."""
        return cls.from_directories((directory,))

    @classmethod
    def from_directories(cls, directories: Sequence[Path]) -> Translator:
        """Read ``<directory>/<locale>.po`` of every directory for each supported locale (the first directory's
        file gives the catalog's header, its plural rule included); a key defined twice for one locale is an
        error, so two features can never silently override each other's texts."""
        catalogs: dict[Locale, Catalog] = {}
        first, *rest = directories
        for locale in LOCALES:
            main = _read(first / f"{locale}.po", locale)
            for path in (directory / f"{locale}.po" for directory in rest):
                for message in _read(path, locale):
                    if not message.id:
                        continue  # the header entry
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    if key in main:
                        raise CatalogError(f"{path}: key {key!r} is already defined for {locale}")
                    main[message.id] = message
            catalogs[locale] = main
        return cls(catalogs)

    @property
    def locales(self) -> tuple[Locale, ...]:
        """The locales with a catalog."""
        return tuple(self._locales)

    def keys(self, locale: Locale) -> frozenset[str]:
        """Every message key of ``locale``."""
        return frozenset(self._locales[locale].forms)

    def plural_keys(self, locale: Locale) -> frozenset[str]:
        """The keys of ``locale`` that are plural entries."""
        return frozenset(self._locales[locale].plural_keys)

    def forms(self, locale: Locale, key: str) -> tuple[str, ...]:
        """The raw text(s) of ``key``: one for a plain entry, one per plural form for a plural entry."""
        return self._locales[locale].forms.get(key, ())

    def num_plurals(self, locale: Locale) -> int:
        """How many plural forms ``locale``'s catalog declares."""
        return int(self._locales[locale].num_plurals)

    def _catalog_for(self, locale: Locale, key: str) -> _LocaleCatalog:
        catalog = self._locales.get(locale)
        if catalog is not None and catalog.forms.get(key, ("",))[0]:
            return catalog
        fallback = self._locales[DEFAULT_LOCALE]
        if fallback.forms.get(key, ("",))[0]:
            logger.warning("translation %s missing in %s, using %s", key, locale, DEFAULT_LOCALE)
            return fallback
        raise MissingTranslation(f"no translation for {key!r}")

    def text(self, locale: Locale, key: str, /, **params: object) -> str:
        """Return the text of ``key`` in ``locale`` with ``{name}`` placeholders filled from ``params``."""
        catalog = self._catalog_for(locale, key)
        if key in catalog.plural_keys:
            raise TranslationError(f"{key!r} is a plural entry: use plural()")
        template = catalog.translations.gettext(key)
        return template.format_map(_Params(params))

    def plural(self, locale: Locale, key: str, count: int, /, **params: object) -> str:
        """Return the plural form of ``key`` for ``count`` in ``locale``; ``{count}`` is filled automatically."""
        catalog = self._catalog_for(locale, key)
        if key not in catalog.plural_keys:
            raise TranslationError(f"{key!r} is not a plural entry: use text()")
        template = catalog.translations.ngettext(key, key, count)
        return template.format_map(_Params({"count": count, **params}))


_REGISTERED: list[Path] = [CATALOG_DIR]


def register_catalog(directory: Path) -> None:
    """Add ``directory`` (holding ``ru.po`` and ``en.po``) to the texts :func:`default_translator` reads.

    Feature packages call it when they are imported, so any code that can render a feature's message has its
    texts; registering the same directory twice is harmless.
    """
    resolved = directory.resolve()
    if resolved not in _REGISTERED:
        _REGISTERED.append(resolved)
        default_translator.cache_clear()


def catalog_directories() -> tuple[Path, ...]:
    """Every directory :func:`default_translator` reads, this package's own first."""
    return tuple(_REGISTERED)


@lru_cache(maxsize=1)
def default_translator() -> Translator:
    """The process-wide translator over every registered catalog directory (read once per registration)."""
    return Translator.from_directories(_REGISTERED)


def _read(path: Path, locale: Locale) -> Catalog:
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=locale, abort_invalid=True)
    except (OSError, ValueError) as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc}") from exc
