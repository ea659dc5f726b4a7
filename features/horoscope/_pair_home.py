"""The horoscope's line on every Pair Home panel: a button to the pair's reading of the week.

The line names no week and no theme, so it never goes stale as weeks turn (the button finds the current week
when pressed); it only follows the feature being on, which the guild's settings version already covers.
"""

from __future__ import annotations

from typing import Final

from features.horoscope._card import card_channel
from features.horoscope._ids import home_id
from features.kernel import Button, ButtonStyle, Pair, PairHomePart, PairHomeSection, fetch_guild_settings
from gateway.i18n import Locale, Translator
from store import Connection


async def load_horoscope_part(conn: Connection, pair: Pair) -> bool:
    """Whether the horoscope is on in the pair's guild."""
    return card_channel(await fetch_guild_settings(conn, pair.guild_id)) is not None


def render_horoscope_part(enabled: bool, pair: Pair, locale: Locale, tr: Translator) -> PairHomePart:
    """"Horoscope: your pair's reading of the week" with its button; a plain line while the feature is off."""
    if not enabled:
        return PairHomePart(line=tr.text(locale, "pair_home.horoscope.off"))
    button = Button(style=ButtonStyle.SECONDARY, label=tr.text(locale, "horoscope.button.pair"), custom_id=home_id())
    return PairHomePart(line=tr.text(locale, "pair_home.horoscope.line"), button=button)


HOROSCOPE_SECTION: Final = PairHomeSection(
    name="horoscope", load=load_horoscope_part, render=render_horoscope_part
)
