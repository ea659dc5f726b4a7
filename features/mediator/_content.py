"""`/say` templates and `/repair` steps, read from `content/*.toml` beside this module and validated once."""

from __future__ import annotations

import enum
from functools import lru_cache
from pathlib import Path
from typing import Final

import msgspec

from features.kernel import TITLE_LIMIT, ContentError, check_content_text, decode_content
from gateway.i18n import LOCALES, Locale, placeholders


class SayTone(enum.StrEnum):
    """The three rewrites ``/say`` offers."""

    SOFT = "soft"
    DIRECT = "direct"
    SHORT = "short"


class SayTemplates(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``/say`` templates of one locale: soft/direct use ``{base}``, short uses ``{summary}``."""

    soft: tuple[str, ...]
    direct: tuple[str, ...]
    short: tuple[str, ...]

    def for_tone(self, tone: SayTone) -> tuple[str, ...]:
        """The templates of ``tone``."""
        return {SayTone.SOFT: self.soft, SayTone.DIRECT: self.direct, SayTone.SHORT: self.short}[tone]


class SayContent(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``/say`` templates per locale."""

    ru: SayTemplates
    en: SayTemplates

    def templates(self, locale: Locale) -> SayTemplates:
        """The templates of ``locale``."""
        return self.ru if locale == "ru" else self.en


class RepairStepText(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A repair step's words in one locale."""

    title: str
    instruction: str


class RepairStep(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One step of the guided repair flow."""

    ru: RepairStepText
    en: RepairStepText

    def text(self, locale: Locale) -> RepairStepText:
        """The step's texts in ``locale``."""
        return self.ru if locale == "ru" else self.en


class RepairFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``repair.toml``."""

    steps: tuple[RepairStep, ...]


CONTENT_DIR: Final = Path(__file__).parent / "content"
REPAIR_STEP_COUNT: Final = 4
MIN_SAY_TEMPLATES_PER_TONE: Final = 3


def validate_say(say: SayContent) -> None:
    """Raise :class:`ContentError` unless every tone has enough templates with exactly its one placeholder."""
    for locale in LOCALES:
        templates: SayTemplates = say.templates(locale)
        for tone, expected in (("soft", "base"), ("direct", "base"), ("short", "summary")):
            group: tuple[str, ...] = getattr(templates, tone)
            if len(group) < MIN_SAY_TEMPLATES_PER_TONE:
                raise ContentError(f"say [{locale}] {tone}: fewer than {MIN_SAY_TEMPLATES_PER_TONE} templates")
            for template in group:
                try:
                    found = placeholders(template)
                except ValueError as exc:
                    raise ContentError(f"say [{locale}] {tone}: {exc}") from exc
                if found != {expected} or template.count("{" + expected + "}") != 1:
                    raise ContentError(f"say [{locale}] {tone}: needs exactly one {{{expected}}}: {template!r}")


def validate_repair(steps: tuple[RepairStep, ...]) -> None:
    """Raise :class:`ContentError` unless there are exactly four fully worded steps."""
    if len(steps) != REPAIR_STEP_COUNT:
        raise ContentError(f"repair: {len(steps)} steps, expected {REPAIR_STEP_COUNT}")
    for number, step in enumerate(steps, start=1):
        for locale in LOCALES:
            text = step.text(locale)
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
    """The bundled ``/say`` templates, read and validated once per process."""
    return load_say()


@lru_cache(maxsize=1)
def default_repair_steps() -> tuple[RepairStep, ...]:
    """The bundled repair steps, read and validated once per process."""
    return load_repair_steps()


def check_mediator_content() -> str:
    """``together seed``'s check: validate the bundled files and say what they hold."""
    say = load_say()
    templates = sum(len(say.templates(locale).for_tone(tone)) for locale in LOCALES for tone in SayTone)
    return f"{templates} /say templates, {len(load_repair_steps())} repair steps ({', '.join(LOCALES)})"
