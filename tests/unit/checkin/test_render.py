"""Check-in surfaces in both languages: the picker, the modal, a stored check-in, the refusal's field names,
the two public posts and the Pair Home line."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

import features.checkin  # noqa: F401  (registers the feature's texts)
from features.checkin._agreements import agreement_catalogue
from features.checkin._ids import share_id, start_id
from features.checkin._pair_home import PairHomeCheckin, render_checkin_part
from features.checkin._render import (
    CheckinView,
    invalid_fields,
    render_checkin,
    render_nudge_post,
    render_picker,
    render_score_modal,
    render_shared_post,
    week_text,
)
from features.checkin._rules import Score, Scores
from features.kernel import Pair
from gateway.i18n import Locale, default_translator

PAIR = uuid.uuid4()
WEEK = "2026-11-30"
SCORES = Scores(communication=8, support=7, time_together=6, repair=5, overall=9)


def _texts(payload: object) -> str:
    found: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, dict):
            if item.get("type") == 10:
                found.append(str(item["content"]))
            for value in item.values():
                walk(value)
        elif isinstance(item, list | tuple):
            for value in item:
                walk(value)

    walk(payload)
    return "\n".join(found)


def test_the_week_reads_naturally_in_both_languages() -> None:
    tr = default_translator()
    assert week_text(WEEK, "ru", tr) == "30 ноября – 6 декабря"
    assert week_text(WEEK, "en", tr) == "Nov 30 – Dec 6"
    assert week_text("2026-12-28", "en", tr) == "Dec 28 – Jan 3"


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_the_picker_offers_every_agreement(locale: Locale) -> None:
    tr = default_translator()
    agreements = tuple(agreement_catalogue().values())
    payload = render_picker(PAIR, WEEK, agreements, locale=locale, tr=tr).to_payload()
    select = payload["components"][0]["components"][1]["components"][0]
    assert [option["value"] for option in select["options"]] == [a.key for a in agreements]
    assert [option["label"] for option in select["options"]] == [a.words(locale) for a in agreements]
    heading = _texts(payload)
    assert week_text(WEEK, locale, tr) in heading and "{" not in heading


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_the_modal_asks_five_scores_each_with_its_range(locale: Locale) -> None:
    tr = default_translator()
    built = render_score_modal(PAIR, WEEK, "one_date", locale=locale, tr=tr)
    inputs = [row.components[0] for row in built.components]
    assert [i.custom_id for i in inputs] == [score.value for score in Score]
    assert all("(1–10)" in i.label and len(i.label) <= 45 for i in inputs)
    assert len(built.title) <= 45


@pytest.mark.parametrize(
    "locale,status_text,scores_line,agreement_words",
    [
        ("ru", "Готово, чекин сохранён", "Общение: **8** из 10", "Ужинаем без телефонов"),
        ("en", "Done, your check-in is saved", "Communication: **8** out of 10", "We have dinner without phones"),
    ],
)
def test_a_stored_checkin_shows_the_agreement_and_all_five_scores(
    locale: Locale, status_text: str, scores_line: str, agreement_words: str
) -> None:
    tr = default_translator()
    checkin = uuid.uuid4()
    view = CheckinView(
        checkin_id=checkin, week_key=WEEK, agreement=agreement_catalogue()["phones_away_dinner"].words(locale),
        scores=SCORES, submitted_by="42", created_at=dt.datetime(2026, 12, 2, tzinfo=dt.UTC),
    )
    payload = render_checkin(view, status=tr.text(locale, "checkin.status.saved"), locale=locale, tr=tr).to_payload()
    text = _texts(payload)
    assert status_text in text and scores_line in text and f"> {agreement_words}" in text and "<@42>" in text
    for score in Score:
        assert f"{tr.text(locale, f'checkin.score.{score.value}')}: **{SCORES.of(score)}**" in text
    assert share_id(checkin) in str(payload)


def test_the_refusal_names_each_bad_field() -> None:
    tr = default_translator()
    fields = (Score.COMMUNICATION, Score.REPAIR)
    assert invalid_fields(fields, locale="ru", tr=tr) == "«Общение», «Примирение после ссор»"
    assert invalid_fields(fields, locale="en", tr=tr) == "“Communication”, “Repair after conflict”"
    text = tr.text("en", "checkin.reply.invalid_scores", fields=invalid_fields(fields, locale="en", tr=tr), min=1,
                   max=10)
    assert text == (
        "Nothing was saved. Please check “Communication”, “Repair after conflict”: each score must be a whole number"
        " from 1 to 10, with no letters or decimals."
    )


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_the_public_posts_name_the_week_and_no_scores(locale: Locale) -> None:
    tr = default_translator()
    words = agreement_catalogue()["one_date"].words(locale)
    shared = render_shared_post(week_key=WEEK, agreement=words, members=("1", "2"), locale=locale, tr=tr)
    assert shared.startswith("## ") and "<@1>" in shared and "<@2>" in shared and f"> {words}" in shared
    assert week_text(WEEK, locale, tr) in shared and "{" not in shared
    nudge = render_nudge_post(week_key=WEEK, locale=locale, tr=tr)
    assert nudge.startswith("## ") and "/checkin start" in nudge and week_text(WEEK, locale, tr) in nudge


def _pair() -> Pair:
    return Pair(
        id=PAIR, guild_id="1", user_low="10", user_high="20", private_channel_id="30", status="active", version=1,
        created_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize(
    "locale,done,nudged,line,label",
    [
        ("en", False, False, "Check-in for Nov 30 – Dec 6: not done yet", "Do the check-in"),
        ("en", True, True, "Check-in for Nov 30 – Dec 6: ✅ done, so the reminder in the public channel isn't for you",
         "View the check-in"),
        ("ru", False, True, "Чекин недели (30 ноября – 6 декабря): ещё не пройден — неделя уже перевалила за середину",
         "Пройти чекин"),
        ("ru", True, False, "Чекин недели (30 ноября – 6 декабря): ✅ пройден", "Посмотреть чекин"),
    ],
)
def test_the_pair_home_line(locale: Locale, done: bool, nudged: bool, line: str, label: str) -> None:
    part = render_checkin_part(PairHomeCheckin(week_key=WEEK, done=done, nudged=nudged), _pair(), locale,
                               default_translator())
    assert part.line == line
    assert part.button is not None and part.button.label == label and part.button.custom_id == start_id(PAIR)


def test_the_pair_home_line_while_the_feature_is_off() -> None:
    part = render_checkin_part(None, _pair(), "ru", default_translator())
    assert part.line == "Чекин: на этом сервере выключен" and part.button is None
