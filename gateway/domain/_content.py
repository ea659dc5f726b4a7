"""Loading and validating the content data files (``gateway/domain/content/*.toml``).

The files are the single source of the bot's own texts for date ideas, ``/say`` templates and repair steps;
``together seed`` may copy them into the database, but the rules work from the validated records here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import msgspec

from gateway.domain._content_model import (
    Content,
    DateIdeasFile,
    DateIdeaTemplate,
    RepairFile,
    RepairStep,
    SayContent,
    SayTemplates,
)
from gateway.domain._errors import ContentError
from gateway.i18n import LOCALES, placeholders

_T = TypeVar("_T")

CONTENT_DIR = Path(__file__).parent / "content"
REPAIR_STEP_COUNT = 4
MIN_SAY_TEMPLATES_PER_TONE = 3
MIN_DATE_IDEAS = 11
_TITLE_LIMIT = 100
_LINE_LIMIT = 300


def _decode(path: Path, kind: type[_T]) -> _T:
    try:
        return msgspec.toml.decode(path.read_bytes(), type=kind)
    except (OSError, msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def _check_text(where: str, text: str, limit: int = _LINE_LIMIT) -> None:
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


def validate_date_ideas(ideas: tuple[DateIdeaTemplate, ...]) -> None:
    """Raise :class:`ContentError` unless the ideas are enough, uniquely keyed, filtered and fully worded."""
    if len(ideas) < MIN_DATE_IDEAS:
        raise ContentError(f"date ideas: {len(ideas)} < {MIN_DATE_IDEAS}")
    keys = [idea.key for idea in ideas]
    if len(set(keys)) != len(keys):
        raise ContentError("date ideas: duplicate keys")
    for idea in ideas:
        if not (idea.energy and idea.budget and idea.time):
            raise ContentError(f"date idea {idea.key}: empty filter list")
        for locale in LOCALES:
            text = idea.text(locale)
            where = f"date idea {idea.key} [{locale}]"
            _check_text(where, text.title, _TITLE_LIMIT)
            for line in (*text.steps, text.starter, text.plan_b):
                _check_text(where, line)


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
            _check_text(f"repair step {number} [{locale}]", text.title, _TITLE_LIMIT)
            _check_text(f"repair step {number} [{locale}]", text.instruction)


def load_content(directory: Path = CONTENT_DIR) -> Content:
    """Read and validate ``date_ideas.toml``, ``say.toml`` and ``repair.toml`` from ``directory``."""
    ideas = _decode(directory / "date_ideas.toml", DateIdeasFile).ideas
    say = _decode(directory / "say.toml", SayContent)
    steps = _decode(directory / "repair.toml", RepairFile).steps
    validate_date_ideas(ideas)
    validate_say(say)
    validate_repair(steps)
    return Content(date_ideas=ideas, say=say, repair_steps=steps)


@lru_cache(maxsize=1)
def default_content() -> Content:
    """The bundled content, read and validated once per process."""
    return load_content()
