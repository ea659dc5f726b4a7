"""Pairs: ``/pair create``, ``/pair room``, the Pair Home panel and its ``pair.home.refresh`` job."""

from __future__ import annotations

from pathlib import Path

import interactions

from features.kernel import (
    PAIR_HOME,
    PAIR_HOME_REFRESH,
    FeatureHost,
    bind,
    component,
    option,
    refresh_job_handler,
    subcommand,
)
from features.pairs._create import create_pair, my_room
from features.pairs._home import pair_home_button, pair_home_loader
from gateway.i18n import register_catalog
from gateway.projection import ProjectionKind

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)


def install(host: FeatureHost) -> None:
    """Declare the pair commands, the panel's buttons and the refresh job handler."""
    on_create = bind(host, create_pair(host.pair_created_listeners), feature="pairs", action="create")
    on_room = bind(host, my_room, feature="pairs", action="room")
    on_home_button = bind(host, pair_home_button(host.pair_home_sections), feature="pairs", action="home.button")

    members = [option(f"pair.create.option.{name}", interactions.OptionType.USER) for name in ("member1", "member2")]
    host.add_command(subcommand("pair", "create", on_create, options=members))
    host.add_command(subcommand("pair", "room", on_room))
    host.add_command(component("pair_home", on_home_button, prefix="t1:pair_home:"))
    host.add_job(PAIR_HOME_REFRESH, refresh_job_handler(host, PAIR_HOME, entity_field="pair_id"))
    # The panel is pinned once, right after it is first posted in the room.
    host.add_projection(ProjectionKind(name=PAIR_HOME, load=pair_home_loader(host.pair_home_sections), pin=True))
