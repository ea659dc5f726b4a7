"""Pairs: ``/pair create``, ``/pair room``, the Pair Home panel and its ``pair.home.refresh`` job."""

from __future__ import annotations

import interactions

from gateway._host import FeatureHost
from gateway.features._callbacks import bind, component
from gateway.features._commands import option, subcommand
from gateway.features._projection_jobs import PAIR_HOME, refresh_job_handler
from gateway.features.pairs._create import create_pair, my_room
from gateway.features.pairs._home import load_pair_home, pair_home_button
from gateway.projection import ProjectionKind
from store import JobRegistry

__all__ = ("install", "load_pair_home")

def install(host: FeatureHost) -> None:
    """Declare the pair commands, the panel's buttons and the refresh job handler."""
    on_create = bind(host, create_pair, feature="pairs", action="create")
    on_room = bind(host, my_room, feature="pairs", action="room")
    on_home_button = bind(host, pair_home_button, feature="pairs", action="home.button")

    def install_jobs(registry: JobRegistry) -> None:
        registry.set_handler("pair.home.refresh", refresh_job_handler(host, PAIR_HOME, entity_field="pair_id"))

    members = [option(f"pair.create.option.{name}", interactions.OptionType.USER) for name in ("member1", "member2")]
    host.add_command(subcommand("pair", "create", on_create, options=members))
    host.add_command(subcommand("pair", "room", on_room))
    host.add_command(component("pair_home", on_home_button, prefix="t1:pair_home:"))
    host.add_jobs(install_jobs)
    # The panel is pinned once, right after it is first posted in the room.
    host.add_projection(ProjectionKind(name=PAIR_HOME, load=load_pair_home, pin=True))
