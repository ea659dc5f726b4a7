"""The horoscope's surfaces in both languages: the card names its week and theme and carries the week in its
buttons, the picker carries the choices and cannot be submitted without a sign, the past-week answer offers
this week's reading."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from features.horoscope._content import horoscope_content
from features.horoscope._ids import PickField, parse_claim_id, parse_pick_id
from features.horoscope._reading import week_theme
from features.horoscope._render import PickerState, render_card, render_picker, render_week_over
from features.horoscope._rules import Tone
from features.kernel import decode_custom_id
from gateway.i18n import LOCALES, Locale, default_translator

WEEK = dt.date(2026, 11, 30)


def _ids(payload: dict[str, object]) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "custom_id" in node:
                found.append(str(node["custom_id"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload)
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_the_card_names_the_week_and_theme_and_its_buttons_carry_the_week(locale: Locale) -> None:
    content = horoscope_content()
    payload = render_card("g1", WEEK, content, locale=locale, tr=default_translator()).to_payload()
    text = json.dumps(payload, ensure_ascii=False)
    theme = content.theme(week_theme("g1", WEEK, content)).words(locale)
    assert theme.title in text and theme.sky in text
    assert ("30 ноября" if locale == "ru" else "30 November") in text
    assert _ids(payload) == [
        "t1:horoscope:read:20261130", "t1:horoscope:pair:20261130", "t1:horoscope:about:20261130"
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_picker_carries_every_choice_and_needs_a_sign(locale: Locale) -> None:
    content, tr = horoscope_content(), default_translator()
    state = PickerState(week=WEEK, sign=None, tone=Tone.HONEST, situation="fine")
    payload = render_picker(state, content, locale=locale, tr=tr).to_payload()
    ids = _ids(payload)
    assert len(ids) == 4 and all(len(i) <= 100 for i in ids)
    assert parse_pick_id(decode_custom_id(ids[0])) == (WEEK, PickField.SIGN, None, Tone.HONEST, "fine")
    assert '"disabled": true' in json.dumps(payload)
    picked = state.with_pick(PickField.SIGN, "sagittarius").with_pick(PickField.SITUATION, "jealousy")
    longest = render_picker(picked, content, locale=locale, tr=tr).to_payload()
    assert "disabled" not in json.dumps(longest)
    claim = _ids(longest)[-1]
    assert parse_claim_id(decode_custom_id(claim)) == (WEEK, "sagittarius", Tone.HONEST, "jealousy")


@pytest.mark.parametrize("locale", LOCALES)
def test_a_past_weeks_button_offers_this_weeks_reading(locale: Locale) -> None:
    payload = render_week_over(WEEK, locale=locale, tr=default_translator()).to_payload()
    assert _ids(payload) == ["t1:horoscope:read:20261130"]
