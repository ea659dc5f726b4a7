"""Readings, pure: a member's reading and a pair's, composed from the week's theme, the sign(s), the tone and
the situation. Each part is a whole sentence from the content, so every combination reads naturally in both
languages; the one free choice (which of a sign's strengths to name) is a stable hash of every input, so the
same guild, week and choices always give the same text."""

from __future__ import annotations

import datetime as dt

import msgspec
from babel.dates import format_date

from features.horoscope._content import HoroscopeContent, Sign
from features.horoscope._rules import Tone, pair_signs, pick_theme, pick_variant
from gateway.i18n import Locale, Translator


class Choice(msgspec.Struct, frozen=True, kw_only=True):
    """What a member picked: sign, tone and situation keys."""

    sign: str
    tone: Tone
    situation: str


def week_label(week: dt.date, locale: Locale, tr: Translator) -> str:
    """"the week of 30 November" in ``locale``."""
    return tr.text(locale, "horoscope.week", date=format_date(week, format="d MMMM", locale=locale))


def week_theme(guild_id: str, week: dt.date, content: HoroscopeContent) -> str:
    """The key of the week's theme in ``guild_id``."""
    return pick_theme(guild_id, week, content.theme_keys)


def _sign_title(sign: Sign, locale: Locale) -> str:
    return f"{sign.symbol} {sign.words(locale).name}"


def _gift(sign: Sign, seed: str, locale: Locale) -> str:
    gifts = sign.words(locale).gifts
    return gifts[pick_variant(f"{seed}:{sign.key}:gift", len(gifts))]


def personal_reading(
    guild_id: str, week: dt.date, choice: Choice, content: HoroscopeContent, *, locale: Locale, tr: Translator
) -> str:
    """A member's reading: the sign and the week, the theme's line, the sign's strength, the advice for the
    situation in the chosen tone, the theme's ten-minute step, a phrase to say and the disclaimer."""
    sign = content.sign(choice.sign)
    situation = content.situation(choice.situation)
    if sign is None or situation is None:
        raise KeyError(f"unknown sign or situation: {choice}")
    theme = content.theme(week_theme(guild_id, week, content)).words(locale)
    said = situation.words(locale)
    seed = f"{guild_id}:{week.isoformat()}:{choice.sign}:{choice.tone.value}:{choice.situation}"
    tone = tr.text(locale, f"horoscope.tone_word.{choice.tone.value}")
    lines = (
        f"### {_sign_title(sign, locale)} · {week_label(week, locale, tr)}",
        tr.text(locale, "horoscope.reading.theme", theme=theme.title),
        theme.sky,
        "",
        tr.text(locale, "horoscope.reading.strength", text=_gift(sign, seed, locale)),
        tr.text(locale, "horoscope.reading.advice", situation=said.label, tone=tone, text=said.advice(choice.tone)),
        tr.text(locale, "horoscope.reading.step", text=theme.step),
        tr.text(locale, "horoscope.reading.phrase", text=said.phrase),
        "",
        f"-# {tr.text(locale, 'horoscope.disclaimer')}",
    )
    return "\n".join(lines)


def pair_reading(
    guild_id: str, week: dt.date, signs: tuple[str, str], content: HoroscopeContent, *, locale: Locale,
    tr: Translator,
) -> str:
    """A pair's reading: both signs and their strengths, the theme's step for two and a phrase for each other
    (from a situation picked by the week and the two signs, whichever partner asks)."""
    first_key, second_key = pair_signs(*signs)
    first, second = content.sign(first_key), content.sign(second_key)
    if first is None or second is None:
        raise KeyError(f"unknown signs: {signs}")
    theme = content.theme(week_theme(guild_id, week, content)).words(locale)
    seed = f"{guild_id}:{week.isoformat()}:{first_key}:{second_key}"
    situations = sorted(content.situations, key=lambda situation: situation.key)
    situation = situations[pick_variant(f"{seed}:situation", len(situations))].words(locale)
    lines = (
        f"### {_sign_title(first, locale)} + {_sign_title(second, locale)} · {week_label(week, locale, tr)}",
        tr.text(locale, "horoscope.reading.theme", theme=theme.title),
        theme.sky,
        "",
        f"**{first.words(locale).name}:** {_gift(first, seed + ':a', locale)}",
        f"**{second.words(locale).name}:** {_gift(second, seed + ':b', locale)}",
        tr.text(locale, "horoscope.pair.step", text=theme.pair_step),
        tr.text(locale, "horoscope.pair.phrase", text=situation.phrase),
        "",
        f"-# {tr.text(locale, 'horoscope.disclaimer')}",
    )
    return "\n".join(lines)
