"""``/say`` rewrites (features.md §11.2): a message turned into a soft, a direct and a short variant.

The words are rewritten by :mod:`features.mediator._rewrite`; soft and direct end with a closing sentence chosen
by ``h32("<tone>:<source>")``, so the same text always gets the same rewrites. Punctuation is tidied once, so no
``..`` or ``?.`` appears (features.md §16 item 18), and the short rewrite is never longer than the message.
"""

from __future__ import annotations

import re

import msgspec

from features.kernel import pick_index
from features.mediator._content import SayContent, SayTone
from features.mediator._errors import InvalidSayText
from features.mediator._rewrite import rewrite
from gateway.i18n import Locale

MIN_SOURCE_LENGTH = 2
MAX_SOURCE_LENGTH = 320
MAX_VARIANT_LENGTH = 600

_WHITESPACE = re.compile(r"\s+")
_TERMINAL = (".", "!", "?", "…")


class SayVariants(msgspec.Struct, frozen=True, kw_only=True):
    """The three rewrites of one message."""

    source: str
    soft: str
    direct: str
    short: str

    def for_tone(self, tone: SayTone) -> str:
        """The rewrite of ``tone``."""
        return {SayTone.SOFT: self.soft, SayTone.DIRECT: self.direct, SayTone.SHORT: self.short}[tone]


def normalize_source(text: str) -> str:
    """Trim and collapse whitespace runs; raise :class:`InvalidSayText` unless 2..320 characters remain."""
    source = _WHITESPACE.sub(" ", text).strip()
    if not MIN_SOURCE_LENGTH <= len(source) <= MAX_SOURCE_LENGTH:
        raise InvalidSayText(f"text must be {MIN_SOURCE_LENGTH}..{MAX_SOURCE_LENGTH} characters")
    return source


def ensure_sentence(text: str) -> str:
    """Return ``text`` ending in terminal punctuation (adds a full stop only when none is there)."""
    text = text.rstrip()
    return text if text.endswith(_TERMINAL) else text + "."


def _truncate(text: str, limit: int = MAX_VARIANT_LENGTH) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_say_variants(text: str, locale: Locale, content: SayContent) -> SayVariants:
    """Return the soft, direct and short rewrites of ``text`` in ``locale`` (each at most 600 characters)."""
    source = normalize_source(text)
    lexicon = content.words(locale)
    out: dict[SayTone, str] = {}
    for tone in SayTone:
        body = rewrite(source, lexicon, locale, tone)
        closers = lexicon.closers(tone)
        closing = "" if not closers else " " + closers[pick_index(f"{tone.value}:{source}", len(closers))]
        out[tone] = _truncate(body + closing)
    return SayVariants(source=source, soft=out[SayTone.SOFT], direct=out[SayTone.DIRECT], short=out[SayTone.SHORT])
