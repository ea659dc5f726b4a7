"""The pure decisions of a projection turn: skip, edit or post; pin once; pacing by the route bucket."""

from __future__ import annotations

import datetime as dt

import pytest

from gateway._buckets import BucketState
from gateway.projection._model import Snapshot
from gateway.projection._plan import Action, Plan, pacing_delay, plan, unavailable_backoff
from store._projections import ProjectionMessage

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _stored(message_id: str | None = "m1", version: int = 5, *, channel: str = "c1",
            pin_attempted: bool = False) -> ProjectionMessage:
    return ProjectionMessage(projection_key="k", guild_id="g", channel_id=channel, message_id=message_id,
                             rendered_version=version, pin_attempted_at=NOW if pin_attempted else None)


def _snapshot(version: int, channel: str = "c1") -> Snapshot:
    return Snapshot(channel_id=channel, version=version, body={"components": []})


def test_nothing_stored_posts_and_pins_when_the_kind_pins() -> None:
    assert plan(None, _snapshot(1), pin=True) == Plan(Action.CREATE, pin=True)
    assert plan(None, _snapshot(1), pin=False) == Plan(Action.CREATE)


def test_a_newer_version_edits_the_stored_message() -> None:
    assert plan(_stored(version=5), _snapshot(6), pin=False) == Plan(Action.EDIT, "m1")


@pytest.mark.parametrize("version", [5, 4, 0])
def test_an_equal_or_older_version_is_skipped(version: int) -> None:
    step = plan(_stored(version=5), _snapshot(version), pin=False)
    assert step == Plan(Action.SKIP, "m1") and step.sends_nothing


def test_a_forgotten_message_is_posted_again_whatever_the_versions() -> None:
    assert plan(_stored(message_id=None, version=9), _snapshot(3), pin=False).action is Action.CREATE


def test_a_projection_that_moved_channel_is_posted_in_the_new_one() -> None:
    assert plan(_stored(channel="old"), _snapshot(9, channel="new"), pin=False).action is Action.CREATE


def test_a_pin_is_wanted_until_it_was_attempted_even_when_the_render_is_skipped() -> None:
    step = plan(_stored(version=5), _snapshot(5), pin=True)
    assert step == Plan(Action.SKIP, "m1", pin=True) and not step.sends_nothing
    assert plan(_stored(version=5, pin_attempted=True), _snapshot(5), pin=True).sends_nothing
    assert plan(_stored(version=5, pin_attempted=True), _snapshot(6), pin=True) == Plan(Action.EDIT, "m1")


def test_pacing_spreads_the_bucket_left_over_the_window_left() -> None:
    # Discord's message edit bucket: 5 per 5 s. Fresh window after one request: 4 left in 5 s -> 1 s apart.
    assert pacing_delay(BucketState(limit=5, remaining=4, reset_at=105.0, known=True), 100.0) == 1.0
    assert pacing_delay(BucketState(limit=5, remaining=1, reset_at=102.0, known=True), 100.0) == 1.0


def test_pacing_waits_for_the_reset_of_an_exhausted_bucket_and_never_for_an_unknown_or_expired_one() -> None:
    assert pacing_delay(BucketState(limit=5, remaining=0, reset_at=103.5, known=True), 100.0) == 3.5
    assert pacing_delay(BucketState(limit=5, remaining=0, reset_at=99.0, known=True), 100.0) == 0.0
    assert pacing_delay(BucketState(), 100.0) == 0.0
    assert pacing_delay(None, 100.0) == 0.0


def test_unavailable_backoff_grows_is_jittered_and_capped() -> None:
    assert [unavailable_backoff(n, 0.0) for n in (1, 2, 3)] == [0.5, 1.0, 2.0]
    assert unavailable_backoff(2, 0.99) == pytest.approx(1.198)
    assert unavailable_backoff(30, 0.0) == 8.0
