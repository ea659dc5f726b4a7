"""The pure decisions of a projection turn: skip, edit or post; pin once; pacing by the route bucket."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from gateway._buckets import BucketState
from gateway.projection._model import Snapshot
from gateway.projection._plan import (
    NONCE_LENGTH,
    Action,
    Plan,
    pacing_delay,
    plan,
    post_nonce,
    unavailable_backoff,
)
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


def _generation(stored: ProjectionMessage, generation: int) -> ProjectionMessage:
    return msgspec.structs.replace(stored, post_generation=generation)


def test_a_first_post_is_generation_zero() -> None:
    assert plan(None, _snapshot(1), pin=False).generation == 0


def test_a_forgotten_message_is_posted_in_the_generation_its_forgetting_started() -> None:
    assert plan(_generation(_stored(message_id=None), 3), _snapshot(1), pin=False).generation == 3


@pytest.mark.parametrize("message_id", ["m1", None])
def test_moving_channel_posts_in_a_new_generation(message_id: str | None) -> None:
    moved = plan(_generation(_stored(message_id=message_id, channel="old"), 3), _snapshot(1, channel="new"), pin=False)
    assert moved.action is Action.CREATE and moved.generation == 4


def test_the_post_nonce_is_the_same_for_the_same_post_and_fits_discord() -> None:
    nonce = post_nonce("pair_home:1:2", "10", 0)
    assert nonce == post_nonce("pair_home:1:2", "10", 0)  # a repeat after a crash returns the first message
    assert len(nonce) <= NONCE_LENGTH
    assert len(post_nonce("k" * 500, "1" * 20, 10**9)) == len(nonce)


@pytest.mark.parametrize(
    ("key", "channel", "generation"),
    [("pair_home:1:3", "10", 0), ("pair_home:1:2", "11", 0), ("pair_home:1:2", "10", 1), ("pair_home:1:21", "0", 0)],
)
def test_another_projection_channel_or_generation_gets_another_nonce(key: str, channel: str, generation: int) -> None:
    assert post_nonce(key, channel, generation) != post_nonce("pair_home:1:2", "10", 0)
