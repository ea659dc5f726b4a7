"""The raid's pure rules: the week and day keys in the guild's timezone, the quest pick, the daily cap, the
card's percent, phase and days left, the quest catalogue and the custom ids."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from features.kernel import MAX_CUSTOM_ID_LENGTH, ContentError, decode_custom_id
from features.raids._ids import (
    BoardAction,
    board_id,
    claim_id,
    confirm_id,
    parse_board_id,
    parse_claim_id,
    parse_confirm_id,
)
from features.raids._quests import Difficulty, Quest, QuestText, load_quests, validate_quests
from features.raids._rules import (
    ClaimStatus,
    Phase,
    apply_daily_cap,
    days_elapsed,
    days_left,
    percent,
    phase,
    pick_quests,
    raid_day,
    raid_week,
)

ALMATY = ZoneInfo("Asia/Almaty")
BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def test_the_day_is_the_guilds_day_not_utc() -> None:
    # 20:30 UTC on Sunday is already Monday in Almaty (UTC+5), still Sunday in Berlin (UTC+1 in winter).
    moment = dt.datetime(2026, 11, 29, 20, 30, tzinfo=UTC)
    assert raid_day(moment, ALMATY) == "2026-11-30"
    assert raid_day(moment, BERLIN) == "2026-11-29"
    assert raid_week(moment, ALMATY).key == "2026-11-30"
    assert raid_week(moment, BERLIN).key == "2026-11-23"


def test_a_week_ends_at_the_next_local_monday_midnight_across_a_dst_change() -> None:
    # Berlin moves its clocks forward on Sunday 2026-03-29: that week is 167 hours long.
    monday = dt.datetime(2026, 3, 23, 9, 0, tzinfo=BERLIN)
    week = raid_week(monday, BERLIN)
    assert week.key == "2026-03-23"
    assert week.ends_at == dt.datetime(2026, 3, 30, 0, 0, tzinfo=BERLIN)
    start = dt.datetime(2026, 3, 23, 0, 0, tzinfo=BERLIN)
    assert week.ends_at - start == dt.timedelta(hours=167)
    # One minute before the end is still the last day; at the end there is none left.
    assert days_left(week.ends_at - dt.timedelta(minutes=1), week.ends_at, BERLIN) == 1
    assert days_left(week.ends_at, week.ends_at, BERLIN) == 0
    assert days_left(monday, week.ends_at, BERLIN) == 7


def test_days_left_count_local_days_and_elapsed_grows_as_they_shrink() -> None:
    ends = dt.datetime(2026, 12, 7, 0, 0, tzinfo=ALMATY)
    seen = []
    for day in range(7):
        moment = dt.datetime(2026, 11, 30, 23, 59, tzinfo=ALMATY) + dt.timedelta(days=day)
        seen.append((days_left(moment, ends, ALMATY), days_elapsed(moment, ends, ALMATY)))
    assert seen == [(7, 1), (6, 2), (5, 3), (4, 4), (3, 5), (2, 6), (1, 7)]


def test_the_pick_is_three_keys_stable_in_any_order_and_different_per_day() -> None:
    keys = [f"quest_{n:02d}" for n in range(20)]
    raid = str(uuid.UUID(int=7))
    first = pick_quests(raid, "2026-12-01", keys)
    assert len(first) == 3 and len(set(first)) == 3 and set(first) <= set(keys)
    assert pick_quests(raid, "2026-12-01", reversed(keys)) == first  # row order never matters
    assert pick_quests(raid, "2026-12-01", keys + keys[:5]) == first  # nor duplicates
    days = {pick_quests(raid, f"2026-12-{d:02d}", keys) for d in range(1, 8)}
    assert len(days) > 1
    assert len(pick_quests(raid, "2026-12-01", keys[:2])) == 2  # fewer quests than offers: all of them


@pytest.mark.parametrize(
    ("earned", "points", "applied", "status"),
    [
        (0, 20, 20, ClaimStatus.CONFIRMED),
        (40, 20, 20, ClaimStatus.CONFIRMED),  # exactly up to the cap
        (55, 10, 5, ClaimStatus.CONFIRMED),  # trimmed to what is left
        (60, 5, 0, ClaimStatus.CAPPED),
        (75, 5, 0, ClaimStatus.CAPPED),  # never negative
    ],
)
def test_the_daily_cap(earned: int, points: int, applied: int, status: ClaimStatus) -> None:
    outcome = apply_daily_cap(earned, points)
    assert (outcome.applied, outcome.status) == (applied, status)


@pytest.mark.parametrize(
    ("progress", "share", "expected"),
    [
        (0, 0, Phase.START),
        (1, 0, Phase.GAINING),  # a point is progress, even before the first whole percent
        (200, 40, Phase.MIDDLE),
        (374, 74, Phase.MIDDLE),
        (375, 75, Phase.FINAL),
        (500, 100, Phase.REACHED),
        (900, 100, Phase.REACHED),  # never more than 100 %
    ],
)
def test_percent_and_phase(progress: int, share: int, expected: Phase) -> None:
    assert percent(progress, 500) == share
    assert phase(progress, 500) is expected


def test_the_bundled_catalogue_is_valid_and_a_broken_one_is_refused() -> None:
    quests = load_quests()
    assert len(quests) >= 20
    assert {q.difficulty for q in quests} == set(Difficulty)
    broken = (*quests[:19], Quest(
        key="Bad Key", difficulty=Difficulty.MICRO, points=5,
        ru=QuestText(title="t", text="x"), en=QuestText(title="t", text="x"),
    ))
    with pytest.raises(ContentError, match="key"):
        validate_quests(broken)
    too_rich = (*quests[:20], Quest(
        key="too_rich", difficulty=Difficulty.MEDIUM, points=61,
        ru=QuestText(title="t", text="x"), en=QuestText(title="t", text="x"),
    ))
    with pytest.raises(ContentError, match="points"):
        validate_quests(too_rich)
    with pytest.raises(ContentError, match="duplicate"):
        validate_quests((*quests, quests[0]))


def test_custom_ids_round_trip_and_fit_discord() -> None:
    raid, claim = uuid.uuid4(), uuid.uuid4()
    longest_key = max((q.key for q in load_quests()), key=len)
    button = claim_id(raid, "2026-12-03", longest_key)
    assert len(button) <= MAX_CUSTOM_ID_LENGTH
    ref = parse_claim_id(decode_custom_id(button))
    assert (ref.raid_id, ref.day, ref.quest_key) == (raid, "2026-12-03", longest_key)
    assert parse_confirm_id(decode_custom_id(confirm_id(claim))) == claim
    for action in BoardAction:
        assert parse_board_id(decode_custom_id(board_id(action, raid))) == (action, raid)
