"""Single-message projections: a Discord message per entity that always shows the entity's latest state.

A feature declares a :class:`ProjectionKind` (``host.add_projection(kind)``) whose ``load`` renders the
entity's current state into a :class:`Snapshot` with a monotonically growing ``version``. After every state
change it calls ``services.projections.refresh(kind, guild_id, entity_id)``: the ``projection`` actor keyed
``<kind>:<guild>:<entity>`` (singleton key ``projection:<kind>:<guild>:<entity>``) coalesces the refreshes,
loads the latest snapshot and edits the one message, paced by the route bucket, never going back to an older
version even with two processes (see ``_publisher.py``).
"""

from __future__ import annotations

from gateway.projection._model import ACTOR_KIND as ACTOR_KIND
from gateway.projection._model import Loader as Loader
from gateway.projection._model import ProjectionKind as ProjectionKind
from gateway.projection._model import Refresh as Refresh
from gateway.projection._model import Snapshot as Snapshot
from gateway.projection._model import actor_key as actor_key
from gateway.projection._model import singleton_key as singleton_key
from gateway.projection._projections import Projections as Projections

__all__ = (
    "ACTOR_KIND",
    "Loader",
    "ProjectionKind",
    "Projections",
    "Refresh",
    "Snapshot",
    "actor_key",
    "singleton_key",
)
