"""The mediator: ``/say`` (three rewrites of a hard message, optionally sent to the pair room) and ``/repair``
(a guided four-step flow in the pair room, one message edited by the session's actor)."""

from __future__ import annotations

from pathlib import Path

from features.kernel import FeatureHost
from features.mediator import _repair, _say
from features.mediator._content import check_mediator_content
from features.mediator._repair_actor import repair_actor_kind
from gateway.i18n import register_catalog

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)


def install(host: FeatureHost) -> None:
    """Declare the mediator's commands, callbacks, tick job, repair-session actor kind and content check."""
    _say.install(host)
    _repair.install(host)
    host.add_actor_kind(repair_actor_kind(host))
    host.add_content_check(check_mediator_content)
