"""The weekly horoscope (DESIGN decision 3; issue 14): one public card per guild, turned every Monday at 10:00
in the guild's zone; a personal reading per member and week (sign, tone, situation), the same on every press;
a pair's reading of the week, shown to either partner and posted into their room once on request; and the
pair's horoscope button on Pair Home."""

from __future__ import annotations

from pathlib import Path

from features.horoscope._card import horoscope_card
from features.horoscope._check import check_horoscope_content
from features.horoscope._claims import card_button, claim, pick
from features.horoscope._commands import publish_now, status
from features.horoscope._pair import SHARE, home_button, pick_own_sign, share
from features.horoscope._pair_home import HOROSCOPE_SECTION
from features.kernel import FeatureHost, bind, component, subcommand
from gateway.i18n import register_catalog

register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)


def install(host: FeatureHost) -> None:
    """Declare the horoscope commands, buttons, card, pair post and Pair Home section."""
    host.add_command(
        subcommand("horoscope", "publish-now", bind(host, publish_now, feature="horoscope", action="publish_now"))
    )
    host.add_command(subcommand("horoscope", "status", bind(host, status, feature="horoscope", action="status")))
    on_card = bind(host, card_button, feature="horoscope", action="card.button")
    for action in ("read", "pair", "about"):
        host.add_command(component(f"horoscope_{action}", on_card, prefix=f"t1:horoscope:{action}:"))
    handlers = {"pick": pick, "claim": claim, "mysign": pick_own_sign, "share": share}
    for action, handler in handlers.items():
        callback = bind(host, handler, feature="horoscope", action=action)
        host.add_command(component(f"horoscope_{action}", callback, prefix=f"t1:horoscope:{action}:"))
    host.add_command(
        component("horoscope_home", bind(host, home_button, feature="horoscope", action="home"),
                  prefix="t1:horoscope:home")
    )
    host.add_control_hint("t1:horoscope:", "horoscope.hint.outdated")
    host.add_projection(horoscope_card(lambda: host.services.default_timezone))
    host.add_effect_kind(SHARE)
    host.add_pair_home_section(HOROSCOPE_SECTION)
    host.add_content_check(check_horoscope_content)
