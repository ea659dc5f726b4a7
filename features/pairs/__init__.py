"""Pairs: ``/pair create`` (its room an effect, ``pair_room``), ``/pair room`` and the Pair Home panel (refreshed by
its ``pair.home.refresh`` job)."""

from __future__ import annotations

from pathlib import Path

import interactions

from features.kernel import FeatureHost, bind, component, option, subcommand
from features.pairs._create import create_pair, my_room
from features.pairs._home import pair_home_button, pair_home_projection
from features.pairs._room_effect import pair_room_kind
from gateway.i18n import register_catalog

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)


def install(host: FeatureHost) -> None:
    """Declare the pair commands, the panel's buttons, the panel's projection and the pair room effect."""
    on_create = bind(host, create_pair, feature="pairs", action="create")
    on_room = bind(host, my_room, feature="pairs", action="room")
    on_home_button = bind(host, pair_home_button(host.pair_home_sections), feature="pairs", action="home.button")

    members = [option(f"pair.create.option.{name}", interactions.OptionType.USER) for name in ("member1", "member2")]
    host.add_command(subcommand("pair", "create", on_create, options=members))
    host.add_command(subcommand("pair", "room", on_room))
    host.add_command(component("pair_home", on_home_button, prefix="t1:pair_home:"))
    host.add_control_hint("t1:pair_home:", "pair.hint.outdated")
    host.add_projection(pair_home_projection(host.pair_home_sections))
    # The listeners list fills as later features install; the effect reads it when a pair is stored.
    host.add_effect_kind(pair_room_kind(host.pair_created_listeners))
