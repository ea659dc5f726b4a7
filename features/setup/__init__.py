"""``/setup start``: the persistent setup panel an administrator walks through to bring a guild to working order."""

from __future__ import annotations

from pathlib import Path

from features.kernel import FeatureHost, bind, component, subcommand
from features.setup._panel import PANEL, TEST_POST_KIND, control, render_test_post, start
from gateway.i18n import register_catalog

__all__ = ("install",)

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")


def install(host: FeatureHost) -> None:
    """Declare ``/setup start`` and the panel's component callback."""
    host.add_command(subcommand("setup", "start", bind(host, start, feature="setup", action="start"), admin_only=True))
    host.add_command(component("setup_panel", bind(host, control, feature="setup", action="panel"), prefix="t1:setup:"))
    host.add_control_hint("t1:setup:", "setup.hint.outdated")
    host.add_post_kind(TEST_POST_KIND, render_test_post)
    host.add_effect_kind(PANEL)
