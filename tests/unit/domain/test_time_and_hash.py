"""Week keys, weekends, zones, Discord timestamps and the stable hash."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from features.kernel._hashing import h32, pick_index
from features.kernel._time import (
    TimestampStyle,
    day_key,
    discord_timestamp,
    is_valid_timezone,
    week_bounds,
    week_key,
    weekend_date,
    zone,
)

UTC = dt.UTC
ALMATY = zone("Asia/Almaty")


def test_week_key_uses_the_guild_zone() -> None:
    # Sunday 20:00 UTC is already Monday 01:00 in Almaty (UTC+5): a new week there, not in UTC.
    moment = dt.datetime(2026, 2, 22, 20, 0, tzinfo=UTC)
    assert week_key(moment, zone("UTC")) == "2026-02-16"
    assert week_key(moment, ALMATY) == "2026-02-23"
    assert day_key(moment, ALMATY) == "2026-02-23"


def test_week_bounds_follow_local_midnights_across_dst() -> None:
    berlin = zone("Europe/Berlin")
    start, end = week_bounds(dt.datetime(2026, 3, 25, 12, tzinfo=UTC), berlin)
    assert start == dt.datetime(2026, 3, 22, 23, tzinfo=UTC)  # Monday 00:00 CET
    assert end == dt.datetime(2026, 3, 29, 22, tzinfo=UTC)  # next Monday 00:00 CEST
    assert end - start == dt.timedelta(hours=167)


@pytest.mark.parametrize(
    ("day", "saturday"),
    [
        (16, 21),  # Monday
        (19, 21),  # Thursday
        (21, 21),  # Saturday is its own weekend
        (22, 28),  # Sunday looks to the next one
    ],
)
def test_weekend_date(day: int, saturday: int) -> None:
    moment = dt.datetime(2026, 2, day, 12, tzinfo=UTC)
    assert weekend_date(moment, zone("UTC")) == dt.date(2026, 2, saturday)


@given(st.datetimes(timezones=st.just(UTC)))
def test_weekend_is_a_saturday_within_a_week(moment: dt.datetime) -> None:
    saturday = weekend_date(moment, ALMATY)
    local = moment.astimezone(ALMATY).date()
    assert saturday.weekday() == 5
    assert 0 <= (saturday - local).days <= 6


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="naive"):
        week_key(dt.datetime(2026, 1, 1), ALMATY)


def test_zone_falls_back_for_unknown_names() -> None:
    assert not is_valid_timezone("Bad/Zone")
    assert zone("Bad/Zone").key == "Asia/Almaty"
    assert zone(None, default="UTC").key == "UTC"
    assert zone("Europe/Moscow").key == "Europe/Moscow"


def test_discord_timestamp_vectors() -> None:
    started = dt.datetime(2026, 2, 18, 10, 0, tzinfo=UTC)
    assert discord_timestamp(started + dt.timedelta(minutes=7)) == "<t:1771409220:R>"
    assert discord_timestamp(started + dt.timedelta(minutes=2), TimestampStyle.SHORT_TIME) == "<t:1771408920:t>"


def test_h32_is_the_first_four_bytes_of_sha256() -> None:
    assert h32("") == 0xE3B0C442
    assert h32("тест") == int.from_bytes(hashlib.sha256("тест".encode()).digest()[:4], "big")
    assert 0 <= pick_index("x", 3) < 3
    with pytest.raises(ValueError):
        pick_index("x", 0)
