"""The check-in's pure rules: strict score parsing (no ``8a`` → 8), every bad field named, the guild's week."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from features.checkin._agreements import MIN_AGREEMENTS, agreement_catalogue, load_agreements
from features.checkin._ids import (
    parse_pick_id,
    parse_scores_id,
    parse_share_id,
    parse_start_id,
    pick_id,
    scores_id,
    share_id,
    start_id,
)
from features.checkin._rules import InvalidScores, Score, checkin_week, parse_score, parse_scores, week_span
from features.kernel import CustomIdError, decode_custom_id

VALID = {score.value: "7" for score in Score}


@pytest.mark.parametrize("raw,expected", [("1", 1), ("10", 10), (" 7 ", 7), ("08", 8), ("5", 5)])
def test_a_whole_number_from_one_to_ten_is_read(raw: str, expected: int) -> None:
    assert parse_score(raw) == expected


@pytest.mark.parametrize("raw", ["8a", "0", "11", "", "   ", "7.5", "7,5", "+5", "-1", "٣", "５", "1e1", "ten", "100"])
def test_anything_else_is_not_a_score(raw: str) -> None:
    assert parse_score(raw) is None


def test_five_valid_scores_are_read_by_field() -> None:
    fields = {**VALID, "support": "10", "overall": "1"}
    scores = parse_scores(fields)
    assert (scores.of(Score.COMMUNICATION), scores.support, scores.overall) == (7, 10, 1)


def test_every_bad_or_missing_field_is_named_in_the_modals_order() -> None:
    fields = {**VALID, "overall": "8a", "communication": "0"}
    del fields["repair"]
    with pytest.raises(InvalidScores) as raised:
        parse_scores(fields)
    assert raised.value.fields == (Score.COMMUNICATION, Score.REPAIR, Score.OVERALL)


def test_the_week_is_the_guilds_local_monday() -> None:
    almaty = ZoneInfo("Asia/Almaty")
    # Sunday 23:30 in Almaty is still last week; it is already Monday in Almaty at 19:30 UTC on Sunday.
    assert checkin_week(dt.datetime(2026, 12, 6, 23, 30, tzinfo=almaty), almaty) == "2026-11-30"
    assert checkin_week(dt.datetime(2026, 12, 6, 19, 30, tzinfo=dt.UTC), almaty) == "2026-12-07"
    assert week_span("2026-11-30") == (dt.date(2026, 11, 30), dt.date(2026, 12, 6))


def test_the_bundled_agreements_are_enough_and_short_enough_for_a_select() -> None:
    agreements = load_agreements()
    assert len(agreements) >= MIN_AGREEMENTS
    for agreement in agreements:
        assert 0 < len(agreement.ru) <= 80 and 0 < len(agreement.en) <= 80
        assert agreement.ru != agreement.en


def test_custom_ids_round_trip_and_fit_discord() -> None:
    pair, checkin = uuid.uuid4(), uuid.uuid4()
    longest = max(agreement_catalogue(), key=len)
    ids = [start_id(pair), pick_id(pair, "2026-11-30"), scores_id(pair, "2026-11-30", longest), share_id(checkin)]
    assert all(len(custom_id) <= 100 for custom_id in ids)
    assert parse_start_id(decode_custom_id(ids[0])) == pair
    assert parse_pick_id(decode_custom_id(ids[1])).week == "2026-11-30"
    form = parse_scores_id(decode_custom_id(ids[2]))
    assert (form.pair_id, form.week, form.agreement_key) == (pair, "2026-11-30", longest)
    assert parse_share_id(decode_custom_id(ids[3])) == checkin
    with pytest.raises(CustomIdError):
        parse_pick_id(decode_custom_id(f"t1:checkin:pick:{ids[0].rsplit(':', 1)[1]}:2026-11"))
