"""``/setup start``: the persistent setup panel an administrator walks through to bring a guild to working order."""

from __future__ import annotations

import re

import interactions

from gateway._host import FeatureHost
from gateway.features._commands import subcommand
from gateway.features.setup._panel import control_handler, start_handler


def install(host: FeatureHost) -> None:
    """Declare ``/setup start`` and the panel's component callback."""
    host.add_command(subcommand("setup", "start", start_handler(host)))
    host.add_command(
        interactions.ComponentCommand(
            name="setup_panel", callback=control_handler(host), listeners=[re.compile(r"^t1:setup:")]
        )
    )
