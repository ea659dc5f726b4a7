"""``together seed``'s content check: every theme, sign, tone and situation combination renders as a reading,
and every pair of signs as a pair reading, in both languages, within Discord's limits."""

from __future__ import annotations

import datetime as dt
import itertools

from features.horoscope._content import HoroscopeContent, load_content
from features.horoscope._reading import Choice, pair_reading, personal_reading, week_theme
from features.horoscope._render import render_reading
from features.horoscope._rules import Tone
from features.kernel import ContentError, RenderLimitError
from gateway.i18n import LOCALES, Locale, Translator, default_translator

#: Any guild: the weeks below are chosen so that it meets every theme.
_GUILD = "content-check"


def weeks_with_every_theme(content: HoroscopeContent, guild_id: str = _GUILD) -> list[dt.date]:
    """Consecutive weeks from a fixed Monday on, until every theme has appeared."""
    weeks: list[dt.date] = []
    seen: set[str] = set()
    week = dt.date(2026, 1, 5)
    while len(seen) < len(content.themes):
        weeks.append(week)
        seen.add(week_theme(guild_id, week, content))
        week += dt.timedelta(days=7)
    return weeks


def render_everything(content: HoroscopeContent, tr: Translator) -> tuple[int, int]:
    """Render every combination in every language; raise :class:`ContentError` on the first that fails.
    Returns how many personal and pair readings rendered."""
    personal = pairs = 0
    signs = [sign.key for sign in content.signs]
    for locale, week in itertools.product(LOCALES, weeks_with_every_theme(content)):
        for sign, tone, situation in itertools.product(signs, Tone, content.situations):
            choice = Choice(sign=sign, tone=tone, situation=situation.key)
            _check(personal_reading(_GUILD, week, choice, content, locale=locale, tr=tr), locale, tr, choice)
            personal += 1
        for first, second in itertools.combinations_with_replacement(signs, 2):
            _check(pair_reading(_GUILD, week, (first, second), content, locale=locale, tr=tr), locale, tr,
                   (first, second))
            pairs += 1
    return personal, pairs


def _check(text: str, locale: Locale, tr: Translator, what: object) -> None:
    if "{" in text or "}" in text:
        raise ContentError(f"horoscope reading {what} [{locale}]: a placeholder was left unfilled")
    try:
        render_reading(text, locale=locale, tr=tr)
    except RenderLimitError as exc:
        raise ContentError(f"horoscope reading {what} [{locale}]: {exc}") from exc


def check_horoscope_content() -> str:
    """Validate the bundled content, render every combination, and say what it holds."""
    content = load_content()
    personal, pairs = render_everything(content, default_translator())
    return (
        f"{len(content.themes)} horoscope themes, {len(content.signs)} signs, {len(content.situations)} situations"
        f" ({personal} readings and {pairs} pair readings render in {', '.join(LOCALES)})"
    )
