"""``/metrics`` of the running bot after some activity: the queues (jobs by name and state, the longest wait of a
due job, public posts by status), interactions by feature with their acknowledgement latency, Discord requests
by route class and status from both clients, and the event loop's lag."""

from __future__ import annotations

import asyncio
import uuid

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from store import ping
from telemetry import LoopLagGauge, LoopMonitor
from telemetry.http import HealthChecks, HealthServer
from tests._bot import LiveBot
from tests.acceptance.pairs._flows import answer_text, configure, eventually, make_pair, text_of

pytestmark = pytest.mark.anyio

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def _scrape(url: str) -> Samples:
    async with aiohttp.ClientSession() as session, session.get(url + "/metrics") as response:
        assert response.status == 200
        text = await response.text()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(samples: Samples, metric: str, **labels: str) -> float | None:
    return samples.get((metric, frozenset(labels.items())))


def _routes(samples: Samples, route: str) -> dict[str, float]:
    """``{status: count}`` of ``discord_requests_total`` for one route class."""
    found: dict[str, float] = {}
    for (name, labels), value in samples.items():
        label = dict(labels)
        if name == "discord_requests_total" and label["route"] == route:
            found[label["status"]] = value
    return found


async def _quiet_posts_and_jobs(live: LiveBot) -> None:
    """A guild the bot has no settings for, so neither the cron nor the worker touches these rows: a post
    waiting for tomorrow, one given up, one stuck past its lease; a job due 90 s ago that no process here runs
    (it waits for a newer one, five minutes at most), and a dead one."""
    async with live.pool.acquire() as conn:
        for status, minutes, due in (("pending", 0, 86400), ("failed", 0, 0), ("processing", 30, 0)):
            post = uuid.uuid4()
            await conn.execute(
                "INSERT INTO scheduled_posts (id, guild_id, kind, channel_id, status, idempotency_key, scheduled_for,"
                " updated_at, lease_expires_at) VALUES ($1, '999', 'setup_test', '900', $2, $3,"
                " now() + make_interval(secs => $4), now() - make_interval(mins => $5),"
                " CASE WHEN $2 = 'processing' THEN now() - make_interval(mins => $5) + interval '10 minutes' END)",
                post, status, str(post), due, minutes,
            )
        await conn.execute(
            "INSERT INTO jobs (name, payload, run_at) VALUES ('ops.metrics.waiting', '{}', now() - interval '90 s'),"
            " ('ops.metrics.dead', '{}', now())"
        )
        await conn.execute("UPDATE jobs SET state = 'dead' WHERE name = 'ops.metrics.dead'")


async def test_metrics_show_queues_interactions_discord_requests_and_loop_lag(live: LiveBot) -> None:
    checks = HealthChecks(version="t", db=lambda: ping(live.pool), discord=lambda: True, boss=lambda: True)
    server = HealthServer(checks, host="127.0.0.1", port=0)
    await server.start()
    monitor = LoopMonitor(interval=0.05)  # as ``together run``'s watchdog runs it, observed by the gauge
    LoopLagGauge().attach(monitor)
    monitor.start()
    try:
        await _quiet_posts_and_jobs(live)
        pong = await live.driver.run_command("alice", "ping")
        assert await live.driver.wait_ack(pong)
        await configure(live, pair_category_id=live.local.demo.category_id, locale="en")
        room = await make_pair(live, "alice", "bob")

        async def panel_posted() -> bool:  # the Pair Home panel: the REST port's POST of a message
            return any("Pair Home" in text_of(m) for m in live.driver.channel_messages(room))

        await eventually(panel_posted, what="the Pair Home panel")
        refused = await live.driver.run_command("alice", "pair create", {
            "member1": live.driver.user_id("carol"), "member2": live.driver.user_id("bob"),
        })
        assert "administrator" in await answer_text(live, refused)
        tick = monitor.last_tick
        while monitor.last_tick == tick:  # noqa: ASYNC110 (one measurement at least)
            await asyncio.sleep(0.01)

        samples = await _scrape(f"http://127.0.0.1:{server.port}")
    finally:
        await monitor.stop()
        await server.stop()

    # The queues, read at scrape time.
    assert _value(samples, "together_job_queue_depth", name="ops.metrics.waiting", state="queued") == 1
    assert _value(samples, "together_job_queue_depth", name="ops.metrics.dead", state="dead") == 1
    assert _value(samples, "together_job_queue_depth", name="pair.home.refresh", state="done") is None
    waited = _value(samples, "together_job_oldest_waiting_seconds", name="ops.metrics.waiting")
    assert waited is not None and waited >= 90
    assert _value(samples, "together_job_oldest_waiting_seconds", name="ops.metrics.dead") is None
    for status, count in (("pending", 1), ("processing", 1), ("failed", 1)):
        assert _value(samples, "together_public_posts", status=status) == count
    assert _value(samples, "together_public_posts_stuck") == 1

    # Interactions by feature and outcome, each with its acknowledgement observed.
    assert (_value(samples, "together_interactions_total", feature="ping", outcome="handled") or 0) >= 1
    assert (_value(samples, "together_interactions_total", feature="pairs", outcome="handled") or 0) >= 1
    assert (_value(samples, "together_interactions_total", feature="pairs", outcome="refused") or 0) >= 1
    assert (_value(samples, "together_interaction_ack_seconds_count", feature="ping") or 0) >= 1
    assert (_value(samples, "together_interaction_ack_seconds_count", feature="pairs") or 0) >= 2

    # Discord requests by route class and status: the library's (interaction callbacks) and the REST port's
    # (the pair room, the Pair Home panel), never with an id in the route.
    assert set(_routes(samples, "POST /interactions/{interaction_id}/{webhook_token}/callback")) <= {"200", "204"}
    assert sum(_routes(samples, "POST /interactions/{interaction_id}/{webhook_token}/callback").values()) >= 3
    assert sum(_routes(samples, "POST /guilds/{guild_id}/channels").values()) >= 1
    assert sum(_routes(samples, "POST /channels/{channel_id}/messages").values()) >= 1
    routes = {dict(labels)["route"] for name, labels in samples if name == "discord_requests_total"}
    assert not any(part.isdigit() for route in routes for part in route.split("/"))

    lag_value = _value(samples, "together_event_loop_lag_seconds")
    assert lag_value is not None and lag_value >= 0
