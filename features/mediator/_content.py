"""`/say` word lists and rules and `/repair` steps, read from `content/*.toml` beside this module and validated once."""

from __future__ import annotations

import enum
import re
from functools import lru_cache
from pathlib import Path
from typing import Final

import msgspec

from features.kernel import TITLE_LIMIT, Bilingual, ContentError, check_content_text, decode_content
from gateway.i18n import LOCALES, placeholders


class SayTone(enum.StrEnum):
    """The three rewrites ``/say`` offers."""

    SOFT = "soft"
    DIRECT = "direct"
    SHORT = "short"


class SayRule(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An accusation or absolute turned into an I-statement: ``match`` (a case-insensitive regular expression)
    and the soft, direct and (optionally, else the direct) short wording that replace it (naming its groups and
    ``{request}``)."""

    match: str
    soft: str
    direct: str
    short: str | None = None


class SayLexicon(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``/say`` word lists and rules of one locale (see ``content/say.toml``)."""

    soft_closers: tuple[str, ...]
    direct_closers: tuple[str, ...]
    insults: tuple[str, ...]
    insult_lead: tuple[str, ...]
    fillers: tuple[str, ...]
    short_drop: tuple[str, ...]
    fallback_soft: str
    fallback_direct: str
    fallback_short: str
    rules: tuple[SayRule, ...]

    def closers(self, tone: SayTone) -> tuple[str, ...]:
        """The closing sentences of ``tone`` (the short rewrite has none)."""
        return {SayTone.SOFT: self.soft_closers, SayTone.DIRECT: self.direct_closers, SayTone.SHORT: ()}[tone]


class SayContent(Bilingual[SayLexicon], frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``/say`` lexicons per locale."""



class RepairStepText(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A repair step's words in one locale."""

    title: str
    instruction: str


class RepairStep(Bilingual[RepairStepText], frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One step of the guided repair flow."""



class RepairFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``repair.toml``."""

    steps: tuple[RepairStep, ...]


CONTENT_DIR: Final = Path(__file__).parent / "content"
REPAIR_STEP_COUNT: Final = 4
MIN_SAY_CLOSERS: Final = 3


def _check_rule(where: str, rule: SayRule) -> None:
    try:
        groups = set(re.compile(rule.match, re.IGNORECASE).groupindex)
    except re.error as exc:
        raise ContentError(f"{where}: bad pattern {rule.match!r}: {exc}") from exc
    allowed = groups | ({"request"} if "rest" in groups else set())
    # A short wording may be empty (the phrase is simply left out of the short rewrite).
    for wording, required in ((rule.soft, True), (rule.direct, True), (rule.short, False)):
        if wording is None or (not required and wording == ""):
            continue
        try:
            found = placeholders(wording)
        except ValueError as exc:
            raise ContentError(f"{where}: {exc}") from exc
        if not wording.strip() or not found <= allowed:
            raise ContentError(f"{where}: {wording!r} may only name {sorted(allowed)}")


def validate_say(say: SayContent) -> None:
    """Raise :class:`ContentError` unless every locale has enough closers, non-empty word lists and rules whose
    patterns compile and whose wordings name only the pattern's groups."""
    for locale in LOCALES:
        lexicon = say.words(locale)
        for tone in (SayTone.SOFT, SayTone.DIRECT):
            closers = lexicon.closers(tone)
            if len(closers) < MIN_SAY_CLOSERS:
                raise ContentError(f"say [{locale}] {tone}: fewer than {MIN_SAY_CLOSERS} closers")
            for closer in closers:
                check_content_text(f"say [{locale}] {tone} closer", closer)
        for name in ("insults", "insult_lead", "fillers", "short_drop"):
            words: tuple[str, ...] = getattr(lexicon, name)
            if not words or any(not word.strip() or word != word.lower() for word in words):
                raise ContentError(f"say [{locale}] {name}: needs lower-case, non-empty words")
        check_content_text(f"say [{locale}] fallback_soft", lexicon.fallback_soft)
        check_content_text(f"say [{locale}] fallback_direct", lexicon.fallback_direct)
        check_content_text(f"say [{locale}] fallback_short", lexicon.fallback_short)
        if not lexicon.rules:
            raise ContentError(f"say [{locale}]: no rules")
        for number, rule in enumerate(lexicon.rules, start=1):
            _check_rule(f"say [{locale}] rule {number}", rule)


def validate_repair(steps: tuple[RepairStep, ...]) -> None:
    """Raise :class:`ContentError` unless there are exactly four fully worded steps."""
    if len(steps) != REPAIR_STEP_COUNT:
        raise ContentError(f"repair: {len(steps)} steps, expected {REPAIR_STEP_COUNT}")
    for number, step in enumerate(steps, start=1):
        for locale in LOCALES:
            text = step.words(locale)
            check_content_text(f"repair step {number} [{locale}]", text.title, TITLE_LIMIT)
            check_content_text(f"repair step {number} [{locale}]", text.instruction)


def load_say(directory: Path | None = None) -> SayContent:
    """Read and validate ``say.toml`` from ``directory`` (default: the bundled :data:`CONTENT_DIR`)."""
    say = decode_content((directory or CONTENT_DIR) / "say.toml", SayContent)
    validate_say(say)
    return say


def load_repair_steps(directory: Path | None = None) -> tuple[RepairStep, ...]:
    """Read and validate ``repair.toml`` from ``directory`` (default: the bundled :data:`CONTENT_DIR`)."""
    steps = decode_content((directory or CONTENT_DIR) / "repair.toml", RepairFile).steps
    validate_repair(steps)
    return steps


@lru_cache(maxsize=1)
def default_say() -> SayContent:
    """The bundled ``/say`` lexicons, read and validated once per process."""
    return load_say()


@lru_cache(maxsize=1)
def default_repair_steps() -> tuple[RepairStep, ...]:
    """The bundled repair steps, read and validated once per process."""
    return load_repair_steps()


def check_mediator_content() -> str:
    """``together seed``'s check: validate the bundled files and say what they hold."""
    say = load_say()
    rules = sum(len(say.words(locale).rules) for locale in LOCALES)
    return f"{rules} /say rewrite rules, {len(load_repair_steps())} repair steps ({', '.join(LOCALES)})"
