"""Anonymous-question rules, pure: the question's text, its request code, when a limit frees, the queue's
pages, and the custom ids (none of which can carry a member)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest

from features.anon._ids import (
    Decision,
    ask_id,
    mascot_id,
    moderation_id,
    page_id,
    parse_mascot_id,
    parse_moderation_id,
    parse_page_id,
    parse_submit_id,
    submit_id,
)
from features.anon._rules import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_LENGTH,
    InvalidQuestion,
    clean_question,
    new_request_code,
    next_day_start,
    pending_frees_at,
    queue_page,
    text_hash,
)
from features.kernel import CustomIdError, decode_custom_id

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.mark.parametrize("raw", ["", " ", "a", "  b  ", "x" * (MAX_LENGTH + 1)])
def test_a_question_outside_two_to_four_hundred_characters_is_refused(raw: str) -> None:
    with pytest.raises(InvalidQuestion):
        clean_question(raw)


def test_a_question_is_trimmed_and_kept_at_the_bounds() -> None:
    assert clean_question("  ok  ") == "ok"
    assert clean_question(" " + "x" * MAX_LENGTH + "\n") == "x" * MAX_LENGTH


def test_the_same_question_is_the_exact_text() -> None:
    assert text_hash("Why?") == text_hash("Why?")
    assert text_hash("Why?") != text_hash("why?")


def test_request_codes_are_short_and_unambiguous() -> None:
    codes = {new_request_code() for _ in range(200)}
    assert len(codes) > 190
    pattern = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
    assert all(pattern.match(code) for code in codes)
    assert not set("01OIL") & set(CODE_ALPHABET)


def test_the_next_day_starts_at_the_guild_s_midnight() -> None:
    # 20:30 UTC on Dec 1 is already 01:30 on Dec 2 in Almaty (UTC+5): the next day is Dec 3 there.
    late = dt.datetime(2026, 12, 1, 20, 30, tzinfo=dt.UTC)
    assert next_day_start(late, ALMATY) == dt.datetime(2026, 12, 3, tzinfo=ALMATY)
    assert next_day_start(late, ZoneInfo("UTC")) == dt.datetime(2026, 12, 2, tzinfo=ZoneInfo("UTC"))


def test_a_pending_question_frees_a_place_a_day_after_it_was_asked() -> None:
    asked = dt.datetime(2026, 12, 1, 9, 15, tzinfo=dt.UTC)
    assert pending_frees_at(asked) == dt.datetime(2026, 12, 2, 9, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("requested", "total", "index", "count", "offset"),
    [(0, 0, 0, 1, 0), (0, 3, 0, 1, 0), (1, 4, 1, 2, 3), (5, 7, 2, 3, 6), (-1, 7, 0, 3, 0), (3, 6, 1, 2, 3)],
)
def test_queue_pages_are_clamped(requested: int, total: int, index: int, count: int, offset: int) -> None:
    page = queue_page(requested, total)
    assert (page.index, page.count, page.offset) == (index, count, offset)
    assert page.has_previous is (index > 0) and page.has_next is (index < count - 1)


def test_custom_ids_round_trip_and_carry_only_questions_and_pages() -> None:
    question = uuid.uuid4()
    ref = parse_moderation_id(decode_custom_id(moderation_id(Decision.REJECT, question, 12)))
    assert (ref.decision, ref.question_id, ref.page) == (Decision.REJECT, question, 12)
    assert parse_page_id(decode_custom_id(page_id(3))) == 3
    assert parse_mascot_id(decode_custom_id(mascot_id(question))) == question
    parse_submit_id(decode_custom_id(submit_id()))
    assert ask_id() == "t1:anon:ask"
    with pytest.raises(CustomIdError):
        parse_mascot_id(decode_custom_id(page_id(3)))
    with pytest.raises(CustomIdError):
        parse_moderation_id(decode_custom_id("t1:anon:approve:notatoken:0"))
