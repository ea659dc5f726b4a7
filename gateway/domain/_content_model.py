"""Typed content records read from the data files in ``gateway/domain/content/`` (see :mod:`._content`)."""

from __future__ import annotations

import enum

import msgspec

from gateway.i18n import Locale


class Energy(enum.StrEnum):
    """How much energy the couple has for a date."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Budget(enum.StrEnum):
    """How much the date may cost."""

    FREE = "free"
    MODERATE = "moderate"
    SPLURGE = "splurge"


class TimeWindow(enum.StrEnum):
    """How long the date may take."""

    QUICK = "quick"
    EVENING = "evening"
    HALFDAY = "halfday"


class SayTone(enum.StrEnum):
    """The three rewrites ``/say`` offers."""

    SOFT = "soft"
    DIRECT = "direct"
    SHORT = "short"


class DateIdeaText(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A date idea's words in one locale."""

    title: str
    steps: tuple[str, str, str]
    starter: str
    plan_b: str


class DateIdeaTemplate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One date idea: the filters it suits and its texts per locale."""

    key: str
    energy: tuple[Energy, ...]
    budget: tuple[Budget, ...]
    time: tuple[TimeWindow, ...]
    ru: DateIdeaText
    en: DateIdeaText

    def text(self, locale: Locale) -> DateIdeaText:
        """The idea's texts in ``locale``."""
        return self.ru if locale == "ru" else self.en


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


class DateIdeasFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``date_ideas.toml``."""

    ideas: tuple[DateIdeaTemplate, ...]


class RepairFile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The shape of ``repair.toml``."""

    steps: tuple[RepairStep, ...]


class Content(msgspec.Struct, frozen=True, kw_only=True):
    """All content the pure feature rules draw from, validated."""

    date_ideas: tuple[DateIdeaTemplate, ...]
    say: SayContent
    repair_steps: tuple[RepairStep, ...]
