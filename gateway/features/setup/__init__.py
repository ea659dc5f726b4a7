"""``/setup start``: the persistent setup panel an administrator walks through to bring a guild to working order."""

from __future__ import annotations

from gateway._host import FeatureHost
from gateway.features._callbacks import component
from gateway.features._commands import subcommand
from gateway.features.setup._panel import control_handler, start_handler


def install(host: FeatureHost) -> None:
    """Declare ``/setup start`` and the panel's component callback."""
    host.add_command(subcommand("setup", "start", start_handler(host), admin_only=True))
    host.add_command(component("setup_panel", control_handler(host), prefix="t1:setup:"))
