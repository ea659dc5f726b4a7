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
