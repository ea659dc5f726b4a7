"""The agreement catalogue, read from ``content/agreements.toml`` beside this module and validated once.

It ships with the code rather than living in a table: a check-in stores the agreement's key and shows the
words from here (``together seed`` validates the file before a deploy writes anything).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import msgspec

from features.kernel import (
    MAX_LABEL_LENGTH,
    MAX_SELECT_OPTIONS,
    Bilingual,
    ContentError,
    check_content_text,
    check_id_keys,
    decode_content,
)
from gateway.i18n import LOCALES, Locale

CONTENT_DIR: Final = Path(__file__).parent / "content"
MIN_AGREEMENTS: Final = 10
#: Every agreement is an option of one select.
MAX_AGREEMENTS: Final = MAX_SELECT_OPTIONS
#: An agreement is a select option's label (the kernel's label limit).
AGREEMENT_LIMIT: Final = MAX_LABEL_LENGTH


class Agreement(Bilingual[str], frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One agreement a pair can take on for a week, in both languages."""

    key: str


class AgreementsFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``agreements.toml``."""

    agreements: tuple[Agreement, ...]


def validate_agreements(agreements: tuple[Agreement, ...]) -> None:
    """Raise :class:`ContentError` unless there are 10..25 uniquely and safely keyed agreements, each worded in
    every language within a select label's length."""
    if not MIN_AGREEMENTS <= len(agreements) <= MAX_AGREEMENTS:
        raise ContentError(f"check-in agreements: {len(agreements)}, need {MIN_AGREEMENTS}..{MAX_AGREEMENTS}")
    check_id_keys("check-in agreements", [agreement.key for agreement in agreements])
    for agreement in agreements:
        for locale in LOCALES:
            where = f"check-in agreement {agreement.key} [{locale}]"
            check_content_text(where, agreement.words(locale), AGREEMENT_LIMIT)


def load_agreements(directory: Path | None = None) -> tuple[Agreement, ...]:
    """Read and validate ``agreements.toml`` from ``directory`` (default: the bundled :data:`CONTENT_DIR`)."""
    agreements = decode_content((directory or CONTENT_DIR) / "agreements.toml", AgreementsFile).agreements
    validate_agreements(agreements)
    return agreements


@lru_cache(maxsize=1)
def agreement_catalogue() -> dict[str, Agreement]:
    """The bundled agreements by key, read and validated once per process."""
    return {agreement.key: agreement for agreement in load_agreements()}


def agreement_text(key: str, locale: Locale) -> str:
    """The agreement's words in ``locale``; its key when a later catalogue no longer has it (an old check-in)."""
    agreement = agreement_catalogue().get(key)
    return key if agreement is None else agreement.words(locale)


def check_agreement_content() -> str:
    """``together seed``'s check: validate the bundled file and say what it holds."""
    agreements = load_agreements()
    return f"{len(agreements)} check-in agreements ({', '.join(LOCALES)})"
