"""``/say`` rewrites (features.md §11.2): a message turned into a soft, a direct and a short variant.

Deterministic: the template of each tone is chosen by ``h32("<tone>:<source>")``, so the same text always gets
the same rewrites. Unlike the earlier version, templates never add punctuation after the user's sentence, so no
``..`` or ``?.`` artefacts appear.
"""

from __future__ import annotations

import re

import msgspec

from features.kernel import pick_index
from features.mediator._content import SayContent, SayTone
from features.mediator._errors import InvalidSayText
from gateway.i18n import Locale

MIN_SOURCE_LENGTH = 2
MAX_SOURCE_LENGTH = 320
MAX_VARIANT_LENGTH = 600
SUMMARY_WORDS = 12

_WHITESPACE = re.compile(r"\s+")
_TERMINAL = (".", "!", "?", "…")
_PLACEHOLDER = re.compile(r"\{(base|summary)\}")


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


def summarize(source: str) -> str:
    """The first twelve words of ``source`` as a sentence (an ellipsis marks a cut)."""
    words = source.split(" ")
    if len(words) <= SUMMARY_WORDS:
        return ensure_sentence(source)
    return " ".join(words[:SUMMARY_WORDS]).rstrip(",;:—-– ") + "…"


def _truncate(text: str, limit: int = MAX_VARIANT_LENGTH) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_say_variants(text: str, locale: Locale, content: SayContent) -> SayVariants:
    """Return the soft, direct and short rewrites of ``text`` in ``locale`` (each at most 600 characters)."""
    source = normalize_source(text)
    values = {"base": ensure_sentence(source), "summary": summarize(source)}
    templates = content.templates(locale)
    out: dict[SayTone, str] = {}
    for tone in SayTone:
        group = templates.for_tone(tone)
        template = group[pick_index(f"{tone.value}:{source}", len(group))]
        # One regex pass, not format or chained replace: the person's text may itself contain "{summary}" or
        # braces, and must be inserted verbatim, never substituted again.
        rendered = _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
        out[tone] = _truncate(ensure_sentence(rendered))
    return SayVariants(source=source, soft=out[SayTone.SOFT], direct=out[SayTone.DIRECT], short=out[SayTone.SHORT])
