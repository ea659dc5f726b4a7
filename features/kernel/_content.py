"""Reading a feature's content data file (TOML) into typed records, and the checks every text line passes.

Each feature keeps its own texts for members (date ideas, ``/say`` templates, repair steps...) in TOML files
beside its code and validates them with these helpers; ``together seed`` runs every feature's check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, TypeVar

import msgspec

from features.kernel._errors import ContentError
from gateway.i18n import placeholders

_T = TypeVar("_T")

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
