"""The ``/repair`` message: one card in the pair room, edited at each step (features.md §12.3)."""

from __future__ import annotations

import msgspec

from features.kernel import Container, Separator, TextDisplay, V2Message, discord_timestamp, validate_message
from features.mediator._content import RepairStep
from features.mediator._repair_rules import STEP_COUNT, RepairStatus, RepairTimeline
from gateway.i18n import Locale, Translator

ACCENT = 0x2E7D6B


class RepairView(msgspec.Struct, frozen=True, kw_only=True):
    """A repair session at one step."""

    step: int
    timeline: RepairTimeline
    status: RepairStatus = RepairStatus.ACTIVE


def render_repair_step(
    view: RepairView, steps: tuple[RepairStep, ...], *, locale: Locale, tr: Translator
) -> V2Message:
    """Render step ``view.step`` (1..4) with its instruction, the flow's end and the next update time."""
    if not 1 <= view.step <= STEP_COUNT or len(steps) != STEP_COUNT:
        raise ValueError(f"step must be 1..{STEP_COUNT} with {STEP_COUNT} steps of content")
    text = steps[view.step - 1].words(locale)
    timeline = view.timeline
    head = "\n".join(
        (
            f"## {tr.plural(locale, 'repair.title', timeline.total_minutes)}",
            tr.text(locale, "repair.step", current=view.step, total=STEP_COUNT, title=text.title),
            text.instruction,
        )
    )
    next_at = timeline.next_step_at(view.step)
    if view.status is RepairStatus.COMPLETED or next_at is None:
        tail = tr.text(locale, "repair.complete")
    else:
        tail = "\n".join(
            (
                tr.text(locale, "repair.next", when=discord_timestamp(next_at)),
                tr.text(locale, "repair.ends", when=discord_timestamp(timeline.ends_at)),
            )
        )
    container = Container(
        accent_color=ACCENT, components=(TextDisplay(content=head), Separator(), TextDisplay(content=tail))
    )
    return validate_message(V2Message(components=(container,)))
