"""The horoscope's content: the bundled file is valid, every combination renders in both languages, readings are
deterministic and differ by what they are made from; a broken file is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from features.horoscope._check import check_horoscope_content, render_everything, weeks_with_every_theme
from features.horoscope._content import CONTENT_DIR, horoscope_content, load_content
from features.horoscope._reading import Choice, pair_reading, personal_reading
from features.horoscope._rules import Tone
from features.kernel import ContentError
from gateway.i18n import LOCALES, Locale, default_translator

WEEK = dt.date(2026, 11, 30)


def test_every_combination_renders_in_both_languages() -> None:
    content = horoscope_content()
    assert len(content.themes) >= 12 and len(content.signs) == 12 and len(content.situations) >= 6
    personal, pairs = render_everything(content, default_translator())
    themes_weeks = len(weeks_with_every_theme(content))
    assert personal == 2 * themes_weeks * 12 * len(Tone) * len(content.situations)
    assert pairs == 2 * themes_weeks * (12 * 13 // 2)
    assert "12 horoscope themes" in check_horoscope_content()


@pytest.mark.parametrize("locale", LOCALES)
def test_a_reading_names_its_parts_and_is_the_same_every_time(locale: Locale) -> None:
    content, tr = horoscope_content(), default_translator()
    choice = Choice(sign="libra", tone=Tone.DIRECT, situation="distance")
    text = personal_reading("g1", WEEK, choice, content, locale=locale, tr=tr)
    assert text == personal_reading("g1", WEEK, choice, content, locale=locale, tr=tr)
    sign, situation = content.sign("libra"), content.situation("distance")
    assert sign is not None and situation is not None
    said = situation.words(locale)
    assert sign.words(locale).name in text and said.direct in text and said.phrase in text
    softly = Choice(sign="libra", tone=Tone.SOFT, situation="distance")
    soft = personal_reading("g1", WEEK, softly, content, locale=locale, tr=tr)
    assert soft != text and said.soft in soft
    # Another guild or week may name another theme, never another sign or situation.
    other = personal_reading("g2", WEEK + dt.timedelta(days=7), choice, content, locale=locale, tr=tr)
    assert sign.words(locale).name in other and said.direct in other


def test_russian_reading_is_russian_and_english_is_english() -> None:
    content, tr = horoscope_content(), default_translator()
    choice = Choice(sign="pisces", tone=Tone.HONEST, situation="fatigue")
    ru = personal_reading("g1", WEEK, choice, content, locale="ru", tr=tr)
    en = personal_reading("g1", WEEK, choice, content, locale="en", tr=tr)
    assert "Рыбы" in ru and "неделя с 30 ноября" in ru and "Pisces" not in ru
    assert "Pisces" in en and "the week of 30 November" in en and "Рыбы" not in en


def test_a_pair_reading_is_symmetric() -> None:
    content, tr = horoscope_content(), default_translator()
    one = pair_reading("g1", WEEK, ("leo", "aries"), content, locale="ru", tr=tr)
    other = pair_reading("g1", WEEK, ("aries", "leo"), content, locale="ru", tr=tr)
    assert one == other and "Овен" in one and "Лев" in one


def test_a_file_missing_a_situation_or_a_translation_is_refused(tmp_path: Path) -> None:
    source = (CONTENT_DIR / "horoscope.toml").read_text(encoding="utf-8")
    no_jealousy = source.split('[[situations]]\nkey = "jealousy"')[0]
    (tmp_path / "horoscope.toml").write_text(no_jealousy, encoding="utf-8")
    with pytest.raises(ContentError, match="jealousy"):
        load_content(tmp_path)
    (tmp_path / "horoscope.toml").write_text(source.replace('title = "Sad"', 'title = ""').replace(
        'title = "Сад"', 'title = " "'), encoding="utf-8")
    with pytest.raises(ContentError, match="empty text"):
        load_content(tmp_path)
