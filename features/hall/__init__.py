"""The monthly hall: a card per month of what the server's pairs did (check-ins, raids, duels), with tops that
list only pairs whose two members chose to be shown (features.md §9)."""

from __future__ import annotations

from pathlib import Path

from features.hall._card import HALL_CARD
from features.hall._commands import ALL, opt_in, opt_out, publish_now, status
from features.hall._render import CATEGORIES
from features.kernel import FeatureHost, bind, choice, string_option, subcommand
from gateway.i18n import register_catalog

register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)


def install(host: FeatureHost) -> None:
    """Declare ``/hall`` and the monthly card (its ``monthly.hall.refresh`` job comes with the projection)."""
    categories = [choice("hall.category.all", ALL), *(choice(f"hall.category.{c.value}", c.value) for c in CATEGORIES)]
    host.add_command(subcommand("hall", "status", bind(host, status, feature="hall", action="status")))
    host.add_command(
        subcommand("hall", "optin", bind(host, opt_in, feature="hall", action="optin"),
                   options=[string_option("hall.optin.option.category", categories)])
    )
    host.add_command(
        subcommand("hall", "optout", bind(host, opt_out, feature="hall", action="optout"),
                   options=[string_option("hall.optout.option.category", categories)])
    )
    host.add_command(
        subcommand("hall", "publish-now", bind(host, publish_now, feature="hall", action="publish_now"))
    )
    host.add_projection(HALL_CARD)
