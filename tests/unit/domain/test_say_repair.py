"""``/say`` rewrites and the ``/repair`` timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from features.mediator._content import SayTone, default_say
from features.mediator._errors import InvalidSayText
from features.mediator._repair_rules import RepairStatus, RepairTimeline, TickAction, decide_tick, status_after_step
from features.mediator._say_rules import (
    MAX_VARIANT_LENGTH,
    build_say_variants,
    ensure_sentence,
    normalize_source,
)
from gateway.i18n import Locale

SAY = default_say()
START = dt.datetime(2026, 2, 18, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_variants_are_deterministic_and_keep_the_members_words(locale: Locale) -> None:
    text = "Мне обидно, когда ты опаздываешь"
    first = build_say_variants(text, locale, SAY)
    assert first == build_say_variants(text, locale, SAY)
    assert first.soft.startswith("Мне обидно, когда ты опаздываешь. ")
    assert first.direct.startswith("Мне обидно, когда ты опаздываешь. ")
    assert first.short == "Мне обидно, когда ты опаздываешь"  # never longer than the message
    assert {first.for_tone(t) for t in SayTone} == {first.soft, first.direct, first.short}


def test_variants_use_the_locale_rules_and_closers() -> None:
    ru = build_say_variants("You never call", "ru", SAY)
    en = build_say_variants("You never call", "en", SAY)
    assert ru.soft in {f"You never call. {closer}" for closer in SAY.ru.soft_closers}
    assert en.soft in {f"I feel sad when you don't call. {closer}" for closer in SAY.en.soft_closers}
    assert en.direct in {f"Please call. {closer}" for closer in SAY.en.direct_closers}


@given(st.text(min_size=2, max_size=320), st.sampled_from(["ru", "en"]))
def test_no_doubled_punctuation_and_short_is_never_longer(text: str, locale: Locale) -> None:
    try:
        source = normalize_source(text)
    except InvalidSayText:
        return
    variants = build_say_variants(text, locale, SAY)
    for tone in SayTone:
        out = variants.for_tone(tone)
        assert len(out) <= MAX_VARIANT_LENGTH
        for end in ("?.", "!.", "..", "!!", "??", "?!", ".?"):
            assert end not in out
    assert variants.soft.endswith((".", "?", "…")) and variants.direct.endswith((".", "?", "…"))
    assert len(variants.short) <= len(source) or variants.short == SAY.words(locale).fallback_short


def test_braces_in_the_text_are_kept_verbatim() -> None:
    variants = build_say_variants("use {request} {rest} literally", "en", SAY)
    for tone in SayTone:
        assert variants.for_tone(tone).count("literally") == 1
    assert variants.soft.startswith("Use {request} {rest} literally. ")


@pytest.mark.parametrize("text", ["", " ", "a", "  b  ", "x" * 321])
def test_length_limits(text: str) -> None:
    with pytest.raises(InvalidSayText):
        build_say_variants(text, "ru", SAY)


def test_sentence_helper_and_long_messages() -> None:
    assert ensure_sentence("hi") == "hi."
    assert ensure_sentence("hi?") == "hi?"
    long = build_say_variants("word " * 60, "en", SAY)
    assert len(long.short) < len(long.source)


def test_repair_timeline_with_the_default_interval() -> None:
    timeline = RepairTimeline(started_at=START)
    assert [timeline.step_due_at(s) for s in (1, 2, 3, 4)] == [START + dt.timedelta(minutes=m) for m in (0, 2, 4, 6)]
    assert timeline.ends_at == START + dt.timedelta(minutes=7)
    assert timeline.total_minutes == 7
    assert timeline.scheduled_ticks() == tuple((s, START + dt.timedelta(minutes=2 * (s - 1))) for s in (2, 3, 4))
    assert timeline.next_step_at(1) == START + dt.timedelta(minutes=2)
    assert timeline.next_step_at(4) is None
    with pytest.raises(ValueError):
        timeline.step_due_at(5)


def test_repair_interval_is_configurable() -> None:
    timeline = RepairTimeline(started_at=START, step_seconds=2)
    assert timeline.step_due_at(4) == START + dt.timedelta(seconds=6)
    assert timeline.ends_at == START + dt.timedelta(seconds=7)
    assert timeline.total_minutes == 1
    with pytest.raises(ValueError):
        RepairTimeline(started_at=START, step_seconds=0)


@pytest.mark.parametrize(
    ("offset", "step"), [(-5, 1), (0, 1), (119, 1), (120, 2), (239, 2), (240, 3), (360, 4), (10_000, 4)]
)
def test_step_at(offset: int, step: int) -> None:
    assert RepairTimeline(started_at=START).step_at(START + dt.timedelta(seconds=offset)) == step


def test_tick_decisions() -> None:
    due = START + dt.timedelta(minutes=2)
    kw = {"due_at": due, "now": due}
    assert decide_tick(status=RepairStatus.ACTIVE, current_step=1, tick_step=2, **kw) is TickAction.ADVANCE
    assert decide_tick(status=RepairStatus.ACTIVE, current_step=1, tick_step=3, **kw) is TickAction.ADVANCE
    assert decide_tick(status=RepairStatus.ACTIVE, current_step=2, tick_step=2, **kw) is TickAction.SKIP
    assert decide_tick(status=RepairStatus.ACTIVE, current_step=3, tick_step=2, **kw) is TickAction.SKIP
    assert decide_tick(status=RepairStatus.COMPLETED, current_step=1, tick_step=2, **kw) is TickAction.SKIP
    assert decide_tick(status=RepairStatus.ABANDONED, current_step=1, tick_step=2, **kw) is TickAction.SKIP
    assert decide_tick(status=RepairStatus.ACTIVE, current_step=1, tick_step=5, **kw) is TickAction.SKIP
    early = decide_tick(status=RepairStatus.ACTIVE, current_step=1, tick_step=2, due_at=due, now=START)
    assert early is TickAction.RETRY_LATER
    assert status_after_step(3) is RepairStatus.ACTIVE
    assert status_after_step(4) is RepairStatus.COMPLETED
