"""The guarded global lock: interaction routes skip the library's 45/s lock, other routes keep it."""

from __future__ import annotations

import pytest

from gateway._http import _SCOPE, GuardedGlobalLock, _CallScope, is_exempt_path
from gateway._invalid import InvalidRequestGuard

pytestmark = pytest.mark.anyio


def test_exempt_paths() -> None:
    assert is_exempt_path("/interactions/{interaction_id}/{interaction_token}/callback")
    assert is_exempt_path("/webhooks/{application_id}/{interaction_token}/messages/{message_id}")
    assert not is_exempt_path("/channels/{channel_id}/messages")


async def test_exempt_calls_do_not_consume_the_global_budget() -> None:
    lock = GuardedGlobalLock()
    token = _SCOPE.set(_CallScope(guard=InvalidRequestGuard(), exempt=True))
    try:
        for _ in range(500):
            await lock.wait()
    finally:
        _SCOPE.reset(token)
    assert lock._calls == lock.max_requests  # untouched
    token = _SCOPE.set(_CallScope(guard=InvalidRequestGuard(), exempt=False))
    try:
        await lock.wait()
    finally:
        _SCOPE.reset(token)
    assert lock._calls == lock.max_requests - 1


def test_interaction_callbacks_get_their_own_bucket_lock() -> None:
    """The library shares one learned callback lock process-wide (a semaphore of the bucket's limit)."""
    import interactions
    from interactions.api.http.route import Route
    from multidict import CIMultiDict, CIMultiDictProxy

    from gateway._http import instrument_client

    headers = CIMultiDictProxy(
        CIMultiDict(
            {
                "X-RateLimit-Bucket": "cb",
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "4",
                "X-RateLimit-Reset-After": "1",
            }
        )
    )
    cb = "/interactions/{interaction_id}/{interaction_token}/callback"
    stock = interactions.Client(token="x")
    learned = stock.http.get_ratelimit(Route("POST", cb, interaction_id=1, interaction_token="a"))
    learned.ingest_ratelimit_header(headers)
    stock.http.ingest_ratelimit(Route("POST", cb, interaction_id=1, interaction_token="a"), headers, learned)
    assert stock.http.get_ratelimit(Route("POST", cb, interaction_id=2, interaction_token="b")) is learned

    ours = interactions.Client(token="x")
    instrument_client(ours, InvalidRequestGuard(), lambda: None)
    first = ours.http.get_ratelimit(Route("POST", cb, interaction_id=1, interaction_token="a"))
    first.ingest_ratelimit_header(headers)
    ours.http.ingest_ratelimit(Route("POST", cb, interaction_id=1, interaction_token="a"), headers, first)
    second = ours.http.get_ratelimit(Route("POST", cb, interaction_id=2, interaction_token="b"))
    assert second is not first
