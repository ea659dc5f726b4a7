"""Pairs: ``/pair create``, ``/pair room`` and the Pair Home panel (refreshed by its ``pair.home.refresh`` job)."""

from __future__ import annotations

import interactions

from gateway._host import FeatureHost
from gateway.features._callbacks import bind, component
from gateway.features._commands import option, subcommand
from gateway.features.pairs._create import create_pair, my_room
from gateway.features.pairs._home import PAIR_HOME, load_pair_home, pair_home_button, pair_home_version

__all__ = ("PAIR_HOME", "install", "load_pair_home", "pair_home_version")

def install(host: FeatureHost) -> None:
    """Declare the pair commands, the panel's buttons and the panel's projection."""
    on_create = bind(host, create_pair, feature="pairs", action="create")
    on_room = bind(host, my_room, feature="pairs", action="room")
    on_home_button = bind(host, pair_home_button, feature="pairs", action="home.button")

    members = [option(f"pair.create.option.{name}", interactions.OptionType.USER) for name in ("member1", "member2")]
    host.add_command(subcommand("pair", "create", on_create, options=members))
    host.add_command(subcommand("pair", "room", on_room))
    host.add_command(component("pair_home", on_home_button, prefix="t1:pair_home:"))
    host.add_projection(PAIR_HOME)
