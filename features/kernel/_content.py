"""Reading a feature's content data file (TOML) into typed records, and the checks every text line passes.

Each feature keeps its own texts for members (date ideas, ``/say`` templates, repair steps...) in TOML files
beside its code and validates them with these helpers; ``together seed`` runs every feature's check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final, Generic, TypeVar

import msgspec

from features.kernel._errors import ContentError
from gateway.i18n import Locale, placeholders

_T = TypeVar("_T")
_Words = TypeVar("_Words")

#: A title (a Components V2 heading) may be this long; any other line :data:`LINE_LIMIT`.
TITLE_LIMIT: Final = 100
LINE_LIMIT: Final = 300


def decode_content(path: Path, kind: type[_T]) -> _T:
    """Read ``path`` as TOML into ``kind``; raise :class:`ContentError` naming the file on any problem."""
    try:
        return msgspec.toml.decode(path.read_bytes(), type=kind)
    except (OSError, msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def check_content_text(where: str, text: str, limit: int = LINE_LIMIT) -> None:
    """Raise :class:`ContentError` for an empty or too long line, or one with a placeholder (content lines are
    shown as they are)."""
    if not text.strip():
        raise ContentError(f"{where}: empty text")
    if len(text) > limit:
        raise ContentError(f"{where}: longer than {limit} characters")
    try:
        found = placeholders(text)
    except ValueError as exc:  # an unbalanced brace
        raise ContentError(f"{where}: {exc}") from exc
    if found:
        raise ContentError(f"{where}: unexpected placeholder")


class Bilingual(msgspec.Struct, Generic[_Words], frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A content record worded in every language we speak: ``ru`` and ``en``, each required in the file."""

    ru: _Words
    en: _Words

    def words(self, locale: Locale) -> _Words:
        """The record's words in ``locale``."""
        return self.ru if locale == "ru" else self.en


def check_unique_keys(what: str, keys: Iterable[str]) -> None:
    """Raise :class:`ContentError` when two records of ``what`` share a key."""
    listed = list(keys)
    if len(set(listed)) != len(listed):
        raise ContentError(f"{what}: duplicate keys")


def check_id_keys(what: str, keys: Iterable[str], *, max_length: int = 32) -> None:
    """Raise :class:`ContentError` unless the keys of ``what`` are unique and fit a custom id: 2 to
    ``max_length`` of a-z, 0-9 and _, starting with a letter (a stored key outlives the wording it names)."""
    listed = list(keys)
    check_unique_keys(what, listed)
    shape = re.compile(rf"^[a-z][a-z0-9_]{{1,{max_length - 1}}}$")
    for key in listed:
        if not shape.match(key):
            raise ContentError(f"{what} {key!r}: key must be 2-{max_length} of a-z, 0-9, _")
