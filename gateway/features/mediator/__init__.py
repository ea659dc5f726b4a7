"""The mediator: ``/say`` (three rewrites of a hard message, optionally sent to the pair room) and ``/repair``
(a guided four-step flow in the pair room, one message edited by the session's actor)."""

from __future__ import annotations

from gateway._host import FeatureHost
from gateway.features.mediator import _repair, _say
from gateway.features.mediator._repair_actor import repair_actor_kind


def install(host: FeatureHost) -> None:
    """Declare the mediator's commands, callbacks, tick job handler and repair-session actor kind."""
    _say.install(host)
    _repair.install(host)
    host.add_actor_kind(repair_actor_kind(host))
