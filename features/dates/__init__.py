"""``/date``: pick energy, budget and time, get three deterministic ideas, save one for the weekend.

The picker and the ideas live in one ephemeral message that each select or button replaces; every component
carries the current filters in its custom id, so no state is kept between clicks. Saving is the only write:
one row per member, weekend and idea (a second save of the same idea changes nothing and says so).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import interactions

from features.dates._content import check_date_content
from features.dates._handlers import generate, open_picker, pick, save
from features.kernel import FeatureHost, bind, command, component
from gateway.i18n import register_catalog

__all__ = ("FEATURE", "install")

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")

FEATURE: Final = "date"


def install(host: FeatureHost) -> None:
    """Declare ``/date``, its selects and its buttons, and the check of its content."""
    host.add_content_check(check_date_content)
    host.add_command(command("date", bind(host, open_picker, feature=FEATURE, action="open")))
    on_pick = bind(host, pick, feature=FEATURE, action="pick")
    host.add_command(
        interactions.ComponentCommand(
            name="date_pick", callback=on_pick, listeners=[re.compile(r"^t1:date:(energy|budget|time):")]
        )
    )
    host.add_command(component("date_generate", bind(host, generate, feature=FEATURE, action="generate"),
                               prefix="t1:date:generate:"))
    host.add_command(component("date_save", bind(host, save, feature=FEATURE, action="save"), prefix="t1:date:save:"))
    host.add_control_hint("t1:date:", "date.hint.outdated")
