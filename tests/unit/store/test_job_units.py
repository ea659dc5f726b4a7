"""Pure parts of the job queue: retry policy, cron arithmetic, the registry and the payload structs."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest

from features import install_features
from features.kernel import FeatureHost, fetch_guild_settings
from features.mediator._jobs import MediatorRepairTick
from gateway.projection import Projections
from store import InvalidJobPayload, JobContext, JobSpec, UnknownJobName
from store._cron import due_occurrence, latest_occurrence, next_occurrence
from store._job_retry import RetryPolicy
from tests._schedules import ScheduledTick, seed_schedule_registry

BERLIN = ZoneInfo("Europe/Berlin")


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    policy = RetryPolicy(max_attempts=5, base_delay=2.0, max_delay=30.0, jitter=0.5)
    rng = random.Random(7)
    for attempt, full in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 30.0), (40, 30.0)]:
        delays = [policy.delay(attempt, rng) for _ in range(200)]
        assert all(full * 0.5 <= d <= full for d in delays)
        assert max(delays) - min(delays) > full * 0.3  # jittered, not lock-step
    assert not policy.gives_up(4) and policy.gives_up(5)
    assert RetryPolicy(jitter=0.0, base_delay=1.0).delay(3) == 4.0
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)


def test_cron_in_guild_timezone_across_spring_forward() -> None:
    before = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    assert next_occurrence("0 9 * * *", BERLIN, before) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert latest_occurrence("0 9 * * *", BERLIN, before) == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    exact = datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert latest_occurrence("0 9 * * *", BERLIN, exact) == exact
    # Autumn: 09:00 CET after the change is 08:00 UTC.
    assert next_occurrence("0 9 * * *", BERLIN, datetime(2026, 10, 25, 0, 0, tzinfo=UTC)) == datetime(
        2026, 10, 25, 8, 0, tzinfo=UTC
    )


def test_due_occurrence_never_early_fires_once_after_downtime() -> None:
    grace = timedelta(minutes=10)
    last = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    almost = datetime(2026, 3, 29, 6, 59, 59, 999_000, tzinfo=UTC)
    assert due_occurrence("0 9 * * *", BERLIN, almost, last, grace) is None
    week_later = datetime(2026, 4, 4, 12, 0, tzinfo=UTC)
    assert due_occurrence("0 9 * * *", BERLIN, week_later, last, grace) == datetime(
        2026, 4, 4, 7, 0, tzinfo=UTC
    )
    # Already fired: nothing more.
    assert (
        due_occurrence("0 9 * * *", BERLIN, week_later, datetime(2026, 4, 4, 7, 0, tzinfo=UTC), grace) is None
    )
    # Never fired: only within the grace window.
    assert due_occurrence("0 9 * * *", BERLIN, week_later, None, grace) is None
    assert due_occurrence("*/2 * * * *", BERLIN, week_later + timedelta(seconds=5), None, grace) == week_later


def test_an_occurrence_held_back_by_maintenance_fires_once_after_it() -> None:
    grace = timedelta(minutes=10)
    due = datetime(2026, 4, 4, 7, 0, tzinfo=UTC)  # 09:00 in Berlin
    window = (datetime(2026, 4, 4, 6, 30, tzinfo=UTC), datetime(2026, 4, 4, 9, 0, tzinfo=UTC))
    after = datetime(2026, 4, 4, 9, 0, 5, tzinfo=UTC)
    # Never fired before: older than the grace, but it came due inside the window, so it fires...
    assert due_occurrence("0 9 * * *", BERLIN, after, None, grace) is None
    assert due_occurrence("0 9 * * *", BERLIN, after, None, grace, window) == due
    # ...once: with its fire key in place, nothing more.
    assert due_occurrence("0 9 * * *", BERLIN, after, due, grace, window) is None
    # Fired before: the latest missed occurrence fires, once, like after downtime.
    yesterday = datetime(2026, 4, 3, 7, 0, tzinfo=UTC)
    assert due_occurrence("0 9 * * *", BERLIN, after, yesterday, grace, window) == due
    # An occurrence outside the window is still only fired within the grace.
    earlier = (datetime(2026, 4, 4, 7, 30, tzinfo=UTC), datetime(2026, 4, 4, 8, 0, tzinfo=UTC))
    assert due_occurrence("0 9 * * *", BERLIN, after, None, grace, earlier) is None


#: The twelve job names of the seeds (DESIGN decision 1): every job a feature declares is one of them.
SEED_JOB_NAMES = frozenset(
    {
        "duel.round.close", "duel.scoreboard.refresh", "raid.progress.refresh", "pair.home.refresh",
        "monthly.hall.refresh", "mediator.repair.tick", "public.post.publish", "weekly.horoscope.publish",
        "weekly.checkin.nudge", "weekly.raid.start", "weekly.raid.end", "daily.raid.offers.generate",
    }
)


def test_features_declare_seed_jobs_each_with_a_handler_and_the_design_schedules() -> None:
    host = install_features(FeatureHost())
    registry = host.job_registry()
    assert set(registry.names()) <= SEED_JOB_NAMES
    # The projections' refresh jobs are declared by their kinds and handled by the projection runtime.
    refreshes = {kind.refresh.spec.name for kind in host.projection_kinds if kind.refresh is not None}
    assert refreshes == {
        "pair.home.refresh", "duel.scoreboard.refresh", "raid.progress.refresh", "monthly.hall.refresh",
        "weekly.horoscope.publish",
    }
    assert set(registry.names()) - set(registry.handled_names()) == refreshes
    Projections(host.projection_kinds, _no_services, read_guild=fetch_guild_settings).install_jobs(registry)
    assert set(registry.handled_names()) == set(registry.names())
    # DESIGN decision 2: the schedules, each in the guild's timezone.
    assert {spec.name: spec.cron for spec in registry.scheduled()} == {
        "public.post.publish": "*/2 * * * *",
        "weekly.raid.start": "0 9 * * 1",
        "weekly.raid.end": "5 9 * * 1",
        "daily.raid.offers.generate": "0 9 * * *",
        "raid.progress.refresh": "*/10 * * * *",
        "weekly.checkin.nudge": "0 12 * * 3",
        "monthly.hall.refresh": "0 10 1 * *",
        "weekly.horoscope.publish": "0 10 * * 1",
    }
    # Every scheduled spec's payload can be built by cron from the common fields alone.
    for spec in registry.scheduled():
        built = spec.payload_type(
            correlation_id="c",
            guild_id="1",
            feature=spec.feature,
            action=spec.action,
            scheduled_for="2026-01-01T00:00:00+00:00",
        )
        assert built.guild_id == "1"


def test_registry_schedules_and_claims_only_what_it_can_run() -> None:
    registry = seed_schedule_registry()
    tick = JobSpec(name="mediator.repair.tick", payload_type=MediatorRepairTick, feature="mediator", action="t")
    registry.add_spec(tick)  # known here, run elsewhere
    unrun = JobSpec(name="weekly.other", payload_type=ScheduledTick, feature="x", action="y", cron="* * * * *")
    registry.add_spec(unrun)
    assert "weekly.other" in registry and "weekly.other" not in {s.name for s in registry.scheduled()}
    assert "mediator.repair.tick" not in registry.handled_names()
    with pytest.raises(UnknownJobName):
        registry.spec("nope")
    with pytest.raises(UnknownJobName):
        registry.set_handler("nope", _noop)
    with pytest.raises(ValueError, match="declared twice"):
        registry.add(msgspec.structs.replace(tick, action="other"), _noop)

    @registry.handler("mediator.repair.tick")
    async def handle(payload: MediatorRepairTick, ctx: JobContext) -> None:
        return None

    assert registry.get_handler("mediator.repair.tick") is handle
    with pytest.raises(InvalidJobPayload, match="takes MediatorRepairTick"):
        tick.request(ScheduledTick(correlation_id="c", guild_id="1", feature="f", action="a"))  # type: ignore[arg-type]  # the mistake under test


def test_payloads_are_frozen_versioned_and_strict() -> None:
    payload = MediatorRepairTick(
        correlation_id="c", guild_id="1", feature="mediator", action="repair.tick", session_id="s", step=2
    )
    with pytest.raises(AttributeError):
        payload.step = 3  # type: ignore[misc]  # the very mistake under test: assigning to a frozen field
    raw = msgspec.json.encode(payload)
    assert msgspec.json.decode(raw, type=MediatorRepairTick) == payload
    assert MediatorRepairTick.VERSION == 1
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(
            b'{"correlation_id": "c", "guild_id": "1", "feature": "f", "action": "a"}',
            type=MediatorRepairTick,
        )


def _no_services() -> Any:
    raise AssertionError("no service is needed to install the handlers")


async def _noop(payload: object, ctx: JobContext) -> None:
    return None


def test_a_failure_that_says_when_to_retry_is_retried_then() -> None:
    from store._job_worker import _retry_delay

    class Held(Exception):
        retry_after = 1.5

    assert _retry_delay(Held(), backoff=5.0, max_delay=900.0) == 1.5
    assert _retry_delay(RuntimeError("x"), backoff=5.0, max_delay=900.0) == 5.0
    too_long = Held()
    too_long.retry_after = 5000.0
    assert _retry_delay(too_long, backoff=5.0, max_delay=900.0) == 900.0
