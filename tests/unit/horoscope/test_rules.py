"""The horoscope's pure rules: its week turns at Monday 10:00 in the guild's zone, the next publication, and the
theme pick (spread evenly, stable, independent of the order themes are listed in)."""

from __future__ import annotations

import collections
import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from features.horoscope._content import horoscope_content
from features.horoscope._rules import (
    horoscope_week,
    next_publication,
    pair_signs,
    pick_theme,
    publication_time,
    week_number,
)

ALMATY = ZoneInfo("Asia/Almaty")  # UTC+5
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = dt.date(2026, 11, 30)
THEMES = horoscope_content().theme_keys


def _utc(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


def test_the_week_turns_at_monday_ten_in_the_guilds_zone() -> None:
    # 10:00 in Almaty is 05:00 UTC.
    assert horoscope_week(_utc(2026, 11, 30, 4, 59), ALMATY) == MONDAY - dt.timedelta(days=7)
    assert horoscope_week(_utc(2026, 11, 30, 5, 0), ALMATY) == MONDAY
    assert horoscope_week(_utc(2026, 12, 6, 23, 0), ALMATY) == MONDAY  # Monday 04:00 local: still this week
    assert horoscope_week(_utc(2026, 12, 7, 5, 0), ALMATY) == MONDAY + dt.timedelta(days=7)
    # The same instant is another week in another zone.
    assert horoscope_week(_utc(2026, 11, 30, 8, 0), BERLIN) == MONDAY - dt.timedelta(days=7)


def test_the_next_publication_is_the_coming_monday_ten_local() -> None:
    assert next_publication(_utc(2026, 12, 3, 12, 0), ALMATY) == _utc(2026, 12, 7, 5, 0)
    assert next_publication(_utc(2026, 11, 30, 4, 0), ALMATY) == _utc(2026, 11, 30, 5, 0)
    # Across a DST change: 10:00 in Berlin is 09:00 UTC in winter and 08:00 UTC in summer.
    assert publication_time(dt.date(2026, 3, 23), BERLIN) == _utc(2026, 3, 23, 9, 0)
    assert publication_time(dt.date(2026, 3, 30), BERLIN) == _utc(2026, 3, 30, 8, 0)


def test_week_numbers_grow_by_one_a_week() -> None:
    assert week_number(MONDAY + dt.timedelta(days=7)) == week_number(MONDAY) + 1
    assert week_number(MONDAY + dt.timedelta(days=6)) == week_number(MONDAY)


def _weeks(count: int, start: dt.date = MONDAY) -> list[dt.date]:
    return [start + dt.timedelta(days=7 * i) for i in range(count)]


@pytest.mark.parametrize("guild", ["1", "914227366301384714", "guild-x", "42"])
def test_no_theme_is_shown_more_than_twice_as_often_as_another_over_520_weeks(guild: str) -> None:
    counts = collections.Counter(pick_theme(guild, week, THEMES) for week in _weeks(520))
    assert set(counts) == set(THEMES)
    assert max(counts.values()) <= 2 * min(counts.values())
    # The rotation is stricter than that: every theme within one of the others.
    assert max(counts.values()) - min(counts.values()) <= 2


def test_themes_are_spread_over_many_guilds_too() -> None:
    counts = collections.Counter(
        pick_theme(str(guild), week, THEMES) for guild in range(200) for week in _weeks(52)
    )
    assert max(counts.values()) <= 2 * min(counts.values())


def test_no_theme_two_weeks_in_a_row_and_guilds_differ() -> None:
    for guild in ("1", "2", "3"):
        picks = [pick_theme(guild, week, THEMES) for week in _weeks(260)]
        assert all(a != b for a, b in zip(picks, picks[1:], strict=False))
    assert [pick_theme("1", w, THEMES) for w in _weeks(12)] != [pick_theme("2", w, THEMES) for w in _weeks(12)]


def test_the_pick_ignores_the_order_themes_are_listed_in() -> None:
    shuffled = list(THEMES)
    random.Random(7).shuffle(shuffled)
    for week in _weeks(30):
        assert pick_theme("g", week, THEMES) == pick_theme("g", week, tuple(shuffled))


def test_a_pair_reads_the_same_whoever_asks() -> None:
    assert pair_signs("leo", "aries") == pair_signs("aries", "leo") == ("aries", "leo")
