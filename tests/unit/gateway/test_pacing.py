"""Client-side pacing: route buckets from headers, the global pacer, the invalid-request guard, readiness."""

from __future__ import annotations

import pytest

from gateway._buckets import BucketBook, GlobalPacer
from gateway._invalid import InvalidRequestGuard, is_invalid
from gateway._readiness import Readiness

HEADERS = {
    "X-RateLimit-Limit": "5",
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Reset-After": "2.5",
    "X-RateLimit-Bucket": "abc",
}


def test_bucket_learns_from_headers_and_delays_until_reset() -> None:
    book = BucketBook()
    assert book.state("k").delay(0.0) == 0.0
    st = book.update("k", HEADERS, now=10.0)
    assert (st.limit, st.remaining, st.bucket) == (5, 0, "abc")
    assert st.delay(11.0) == pytest.approx(1.5)
    assert st.delay(12.5) == 0.0
    st.reserve(12.5)
    assert st.remaining == 4


def test_bucket_block_after_429_and_headerless_responses_change_nothing() -> None:
    book = BucketBook()
    book.update("k", {}, now=0.0)
    assert book.peek("k") is not None and not book.state("k").known
    book.block("k", 3.0, now=1.0)
    assert book.state("k").delay(2.0) == pytest.approx(2.0)


def test_global_pacer_caps_requests_per_window() -> None:
    pacer = GlobalPacer(rate=3, window=1.0)
    for t in (0.0, 0.1, 0.2):
        assert pacer.delay(t) == 0.0
        pacer.sent(t)
    assert pacer.delay(0.3) == pytest.approx(0.7)
    assert pacer.delay(1.05) == 0.0
    pacer.block(2.0, now=1.05)
    assert pacer.delay(1.05) == pytest.approx(2.0)


def test_invalid_requests_are_401_403_and_non_shared_429() -> None:
    assert is_invalid(401, None) and is_invalid(403, None) and is_invalid(429, "user")
    assert not is_invalid(429, "shared")
    assert not is_invalid(404, None) and not is_invalid(500, None)


def test_guard_holds_back_once_the_budget_is_spent_and_releases_with_the_window() -> None:
    guard = InvalidRequestGuard(budget=3, window=600.0)
    for t in (0.0, 1.0):
        guard.record(t)
    assert guard.delay(2.0) == 0.0
    guard.record(2.0)
    assert guard.delay(3.0) == pytest.approx(597.0)
    assert guard.delay(600.5) == 0.0
    assert guard.count(600.5) == 2
    with pytest.raises(ValueError, match="10,000"):
        InvalidRequestGuard(budget=10_000)


def test_readiness_follows_startup_disconnect_and_resume() -> None:
    r = Readiness()
    r.on_websocket_ready()
    assert not r.ready  # commands not synced yet: interactions would be dropped
    r.on_startup()
    assert r.ready
    r.on_disconnect()
    assert not r.ready and r.disconnects == 1
    r.on_resumed()
    assert r.ready and r.resumes == 1
    r.on_stop()
    assert not r.ready
