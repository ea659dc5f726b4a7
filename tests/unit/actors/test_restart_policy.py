"""The pure supervision policy: restart-intensity window, backoff and deciders."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actors import Backoff, Directive, ExceptionDecider, RestartWindow


def test_window_allows_n_restarts_then_refuses() -> None:
    window = RestartWindow(3, 10.0)
    assert [window.record(t) for t in (0.0, 1.0, 2.0)] == [True, True, True]
    assert window.record(3.0) is False


def test_window_forgets_restarts_older_than_the_period() -> None:
    window = RestartWindow(2, 5.0)
    assert window.record(0.0) and window.record(1.0)
    assert window.record(4.9) is False
    # At t=6 the restart at 0 and 1 are outside (6 - 5 = 1, and the window is half-open).
    assert window.record(6.0) is True
    assert window.restarts_in_window(6.0) == 1


def test_zero_budget_refuses_the_first_restart() -> None:
    assert RestartWindow(0, 1.0).record(0.0) is False


@given(
    max_restarts=st.integers(min_value=0, max_value=6),
    within=st.floats(min_value=0.5, max_value=50.0),
    gaps=st.lists(st.floats(min_value=0.0, max_value=20.0), min_size=1, max_size=60),
)
def test_window_never_accepts_more_than_n_in_any_period(max_restarts: int, within: float,
                                                        gaps: list[float]) -> None:
    window = RestartWindow(max_restarts, within)
    now = 0.0
    accepted: list[float] = []
    for gap in gaps:
        now += gap
        if window.record(now):
            accepted.append(now)
    for t in accepted:
        # Every half-open window (t - within, t] holds at most max_restarts accepted restarts.
        assert sum(1 for u in accepted if t - within < u <= t) <= max_restarts


@given(
    max_restarts=st.integers(min_value=1, max_value=5),
    within=st.floats(min_value=0.5, max_value=10.0),
    count=st.integers(min_value=1, max_value=30),
)
def test_restarts_spaced_wider_than_the_period_are_always_accepted(max_restarts: int, within: float,
                                                                     count: int) -> None:
    window = RestartWindow(max_restarts, within)
    assert all(window.record(i * (within + 0.01)) for i in range(count))


def test_backoff_doubles_up_to_the_maximum() -> None:
    backoff = Backoff(min_s=0.1, max_s=1.0, random_factor=0.0)
    assert [backoff.delay(n, 0.5) for n in range(6)] == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.0, 1.0])


@given(
    attempt=st.integers(min_value=0, max_value=10_000),
    rnd=st.floats(min_value=0.0, max_value=0.999999),
    min_s=st.floats(min_value=0.0, max_value=5.0),
    spread=st.floats(min_value=0.0, max_value=60.0),
    factor=st.floats(min_value=0.0, max_value=2.0),
)
def test_backoff_stays_within_jittered_bounds(attempt: int, rnd: float, min_s: float, spread: float,
                                              factor: float) -> None:
    backoff = Backoff(min_s=min_s, max_s=min_s + spread, random_factor=factor)
    delay = backoff.delay(attempt, rnd)
    base = min(backoff.max_s, min_s * 2.0 ** min(attempt, 64))
    assert base <= delay <= base * (1 + factor) + 1e-9
    assert delay <= backoff.max_s * (1 + factor) + 1e-9


@given(st.lists(st.floats(min_value=0.0, max_value=0.999), min_size=2, max_size=20))
def test_backoff_without_jitter_never_shrinks(rnds: list[float]) -> None:
    backoff = Backoff(min_s=0.05, max_s=3.0, random_factor=0.0)
    delays = [backoff.delay(n, r) for n, r in enumerate(rnds)]
    assert delays == sorted(delays)


def test_backoff_rejects_inverted_bounds() -> None:
    with pytest.raises(ValueError):
        Backoff(min_s=2.0, max_s=1.0)


def test_window_resets_backoff_after_calm_period() -> None:
    backoff = Backoff(min_s=1.0, max_s=100.0, random_factor=0.0, reset_after_s=30.0)
    window = RestartWindow(100, 1000.0, backoff, rng=random.Random(1))
    window.record(0.0)
    assert window.next_delay() == 1.0
    window.record(1.0)
    assert window.next_delay() == 2.0
    window.record(100.0)  # 99 s of calm: the exponent starts over
    assert window.next_delay() == 1.0


def test_exception_decider_uses_the_most_specific_rule() -> None:
    decider = ExceptionDecider({LookupError: Directive.STOP, KeyError: Directive.RESUME},
                               default=Directive.ESCALATE)
    assert decider(KeyError("k")) is Directive.RESUME
    assert decider(IndexError(1)) is Directive.STOP
    assert decider(ValueError()) is Directive.ESCALATE
