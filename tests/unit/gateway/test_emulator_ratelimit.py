"""The emulator's sans-IO rate-limit accounting."""

from __future__ import annotations

from gateway.emulator import RateLimiter, RouteLimit

EDIT = RouteLimit("edit", 5, 5.0)


def test_bucket_allows_limit_then_refuses_until_reset() -> None:
    rl = RateLimiter()
    decisions = [rl.check(EDIT, "c1", 0.0 + i * 0.01, global_exempt=False) for i in range(6)]
    assert [d.allowed for d in decisions] == [True] * 5 + [False]
    assert [d.remaining for d in decisions[:5]] == [4, 3, 2, 1, 0]
    refused = decisions[5]
    assert refused.scope == "user"
    assert 4.9 < refused.retry_after <= 5.0
    assert rl.check(EDIT, "c1", 5.0, global_exempt=False).allowed


def test_buckets_are_split_by_major_parameter() -> None:
    rl = RateLimiter()
    for _ in range(5):
        assert rl.check(EDIT, "c1", 0.0, global_exempt=False).allowed
    assert not rl.check(EDIT, "c1", 0.1, global_exempt=False).allowed
    assert rl.check(EDIT, "c2", 0.1, global_exempt=False).allowed


def test_global_limit_is_fifty_per_second_and_exempts_interaction_routes() -> None:
    rl = RateLimiter()
    route = RouteLimit("default", 1000, 1.0)
    allowed = [rl.check(route, str(i), 0.5, global_exempt=False).allowed for i in range(51)]
    assert allowed.count(True) == 50
    refused = rl.check(route, "x", 0.6, global_exempt=False)
    assert refused.scope == "global"
    assert rl.check(RouteLimit("callback", 5, 1.0), "i1", 0.6, global_exempt=True).allowed
    assert rl.max_global_in_window == 50
    assert rl.check(route, "y", 1.5, global_exempt=False).allowed


def test_refusal_headers_and_body_match_discord() -> None:
    rl = RateLimiter()
    for _ in range(5):
        rl.check(EDIT, "c", 0.0, global_exempt=False)
    d = rl.check(EDIT, "c", 1.0, global_exempt=False)
    headers = d.headers(epoch_now=1000.0)
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["X-RateLimit-Reset-After"] == "4.000"
    assert headers["X-RateLimit-Reset"] == "1004.000"
    assert headers["Retry-After"] == "4"
    assert headers["X-RateLimit-Scope"] == "user"
    assert "X-RateLimit-Global" not in headers
    assert d.body() == {"message": "You are being rate limited.", "retry_after": 4.0, "global": False}


def test_global_refusal_is_flagged_global() -> None:
    rl = RateLimiter(global_limit=1)
    rl.check(RouteLimit("a", 10, 1.0), "1", 0.0, global_exempt=False)
    d = rl.check(RouteLimit("a", 10, 1.0), "2", 0.0, global_exempt=False)
    assert d.headers(epoch_now=0.0)["X-RateLimit-Global"] == "true"
    assert d.body()["global"] is True
