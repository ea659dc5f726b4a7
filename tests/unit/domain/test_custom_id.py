"""The custom-id codec: always ≤ 100 characters, lossless round-trips, typed errors for anything malformed."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from features.dates._content import Budget, Energy, TimeWindow
from features.dates._ideas import DateFilters
from features.dates._ids import (
    DateAxis,
    date_generate_id,
    date_save_id,
    date_select_id,
    parse_date_filters,
    parse_date_save_id,
)
from features.duels._ids import (
    DuelBoardAction,
    duel_answer_id,
    duel_board_id,
    duel_submit_modal_id,
    parse_duel_board_id,
    parse_duel_id,
)
from features.kernel import pair_home_id, parse_pair_home_id
from features.kernel._custom_id import (
    MAX_CUSTOM_ID_LENGTH,
    date_token,
    decode_custom_id,
    encode_custom_id,
    int_token,
    parse_date_token,
    parse_int_token,
    parse_uuid_token,
    uuid_token,
)
from features.kernel._errors import CustomIdError, CustomIdTooLong
from features.mediator._content import SayTone
from features.mediator._ids import parse_say_id, say_send_id, say_tone_id

names = st.from_regex(r"[a-z][a-z0-9_]{0,23}", fullmatch=True)
tokens = st.from_regex(r"[A-Za-z0-9_-]{0,40}", fullmatch=True)
uuids = st.uuids()


@given(names, names, st.lists(tokens, max_size=6))
def test_encode_is_bounded_and_round_trips(feature: str, action: str, args: list[str]) -> None:
    try:
        encoded = encode_custom_id(feature, action, *args)
    except CustomIdTooLong:
        assert len(":".join(("t1", feature, action, *args))) > MAX_CUSTOM_ID_LENGTH
        return
    assert len(encoded) <= MAX_CUSTOM_ID_LENGTH
    decoded = decode_custom_id(encoded)
    assert (decoded.feature, decoded.action, decoded.args) == (feature, action, tuple(args))
    assert decoded.encode() == encoded


@given(uuids)
def test_uuid_token_round_trips_in_22_characters(value: uuid.UUID) -> None:
    token = uuid_token(value)
    assert len(token) == 22
    assert parse_uuid_token(token) == value


@given(st.integers(min_value=0, max_value=2**64))
def test_int_token_round_trips(value: int) -> None:
    token = int_token(value)
    assert len(token) <= 13
    assert parse_int_token(token) == value


@given(uuids, uuids, uuids)
def test_three_uuids_fit(a: uuid.UUID, b: uuid.UUID, c: uuid.UUID) -> None:
    encoded = encode_custom_id("duel", "submit_modal", uuid_token(a), uuid_token(b), uuid_token(c))
    assert len(encoded) <= MAX_CUSTOM_ID_LENGTH
    assert decode_custom_id(encoded).uuid_arg(2) == c


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "t1",
        "t1:duel",
        "tb|1|date|generate_ideas|e30",
        "t2:duel:answer",
        "t1:Duel:answer",
        "t1:duel:ans wer",
        "t1:duel:answer:a/b",
        "t1:duel:answer:" + ":".join("a" * 7),
        "t1:" + "a" * 120,
    ],
)
def test_decode_rejects_malformed(raw: str) -> None:
    with pytest.raises(CustomIdError):
        decode_custom_id(raw)


def test_encode_rejects_bad_names_tokens_and_length() -> None:
    with pytest.raises(CustomIdError):
        encode_custom_id("Bad", "x")
    with pytest.raises(CustomIdError):
        encode_custom_id("duel", "x", "has:colon")
    with pytest.raises(CustomIdTooLong, match="1[0-9][0-9] characters"):
        encode_custom_id("duel", "x", "a" * 40, "b" * 40, "c" * 40)


@pytest.mark.parametrize("token", ["", "short", "A" * 23, "A" * 21 + "B", "@" * 22])
def test_uuid_token_rejects_non_canonical(token: str) -> None:
    with pytest.raises(CustomIdError):
        parse_uuid_token(token)


@pytest.mark.parametrize("token", ["", "-1", "01", "A", "z" * 15])
def test_int_token_rejects_garbage(token: str) -> None:
    with pytest.raises(CustomIdError):
        parse_int_token(token)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_date_token_round_trips_in_8_digits(value: dt.date) -> None:
    token = date_token(value)
    assert len(token) == 8
    assert parse_date_token(token) == value


@pytest.mark.parametrize("token", ["", "2026-12-07", "2026127", "202612071", "20261399", "20260229", "2026120x"])
def test_date_token_rejects_garbage_and_days_that_do_not_exist(token: str) -> None:
    with pytest.raises(CustomIdError):
        parse_date_token(token)


def test_typed_accessors_raise_custom_id_errors() -> None:
    decoded = decode_custom_id("t1:say:tone:abc:LOUD")
    with pytest.raises(CustomIdError):
        decoded.uuid_arg(0)
    with pytest.raises(CustomIdError):
        decoded.choice_arg(1, ("soft",))
    with pytest.raises(CustomIdError):
        decoded.arg(5)
    with pytest.raises(CustomIdError):
        decoded.int_arg(1)


@given(uuids, names)
def test_pair_home_ids(pair: uuid.UUID, action: str) -> None:
    raw = pair_home_id(action, pair)
    assert len(raw) <= MAX_CUSTOM_ID_LENGTH
    assert parse_pair_home_id(decode_custom_id(raw), (action,)) == (action, pair)


@given(uuids, uuids)
def test_duel_ids(round_id: uuid.UUID, pair: uuid.UUID) -> None:
    for raw in (duel_answer_id(round_id, pair), duel_submit_modal_id(round_id, pair)):
        assert len(raw) <= 60
        ref = parse_duel_id(decode_custom_id(raw))
        assert (ref.round_id, ref.pair_id) == (round_id, pair)
    assert duel_answer_id(round_id, pair) != duel_submit_modal_id(round_id, pair)


@given(uuids, st.sampled_from(DuelBoardAction))
def test_duel_board_ids(duel: uuid.UUID, action: DuelBoardAction) -> None:
    assert parse_duel_board_id(decode_custom_id(duel_board_id(action, duel))) == (action, duel)


@given(uuids, st.sampled_from(SayTone))
def test_say_ids(session: uuid.UUID, tone: SayTone) -> None:
    assert parse_say_id(decode_custom_id(say_tone_id(session, tone))) == (session, tone)
    assert parse_say_id(decode_custom_id(say_send_id(session))) == (session, None)


@given(st.sampled_from(Energy), st.sampled_from(Budget), st.sampled_from(TimeWindow), st.sampled_from(DateAxis))
def test_date_ids(energy: Energy, budget: Budget, time: TimeWindow, axis: DateAxis) -> None:
    filters = DateFilters(energy=energy, budget=budget, time=time)
    assert parse_date_filters(decode_custom_id(date_select_id(axis, filters))) == filters
    assert parse_date_filters(decode_custom_id(date_generate_id(filters))) == filters
    saved = date_save_id(filters, "question_box_night")
    assert len(saved) <= MAX_CUSTOM_ID_LENGTH
    assert parse_date_save_id(decode_custom_id(saved)) == (filters, "question_box_night")


def test_parsers_reject_other_features() -> None:
    pair = uuid.uuid4()
    with pytest.raises(CustomIdError):
        parse_duel_id(decode_custom_id(pair_home_id("duel_info", pair)))
    with pytest.raises(CustomIdError):
        parse_pair_home_id(decode_custom_id(encode_custom_id("pair_home", "explode", uuid_token(pair))), ("duel_info",))
    with pytest.raises(CustomIdError):
        parse_date_filters(decode_custom_id("t1:date:generate:huge:free:quick"))
