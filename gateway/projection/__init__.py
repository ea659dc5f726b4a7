"""Single-message projections: a Discord message per entity that always shows the entity's latest state.

A feature declares a :class:`ProjectionKind` (``host.add_projection(kind)``): a cheap ``version`` read, a
``load`` that renders the entity's state into a :class:`Snapshot`, and the :class:`RefreshJob` that refreshes
it. In the transaction of every state change it calls :func:`request_refresh` with the projections the change
touches (``request_refresh(conn, [BOARD.ref(guild, board_id), PANEL.ref(guild, panel_id)], reason=...)``):
their refresh jobs are enqueued in one statement, coalesced on ``projection:<kind>:<guild>:<entity>``. The
job asks the ``projection`` actor keyed ``<kind>:<guild>:<entity>`` to show the latest state and is done only
when the message shows it (see ``_projections.py``); the actor decides from the version read, renders at most
once per turn, paced by the route bucket, never going back to an older version even with two processes (see
``_publisher.py``).
"""

from __future__ import annotations

from gateway.projection._model import ACTOR_KIND as ACTOR_KIND
from gateway.projection._model import REFRESH as REFRESH
from gateway.projection._model import GuildReader as GuildReader
from gateway.projection._model import GuildState as GuildState
from gateway.projection._model import Loader as Loader
from gateway.projection._model import Outcome as Outcome
from gateway.projection._model import ProjectionKind as ProjectionKind
from gateway.projection._model import ProjectionNotShown as ProjectionNotShown
from gateway.projection._model import ProjectionRef as ProjectionRef
from gateway.projection._model import ProjectionServices as ProjectionServices
from gateway.projection._model import Refresh as Refresh
from gateway.projection._model import Refreshable as Refreshable
from gateway.projection._model import RefreshJob as RefreshJob
from gateway.projection._model import RefreshTarget as RefreshTarget
from gateway.projection._model import Snapshot as Snapshot
from gateway.projection._model import Stamp as Stamp
from gateway.projection._model import TurnReport as TurnReport
from gateway.projection._model import VersionRead as VersionRead
from gateway.projection._model import actor_key as actor_key
from gateway.projection._model import singleton_key as singleton_key
from gateway.projection._projections import Projections as Projections
from gateway.projection._requests import refresh_job_request as refresh_job_request
from gateway.projection._requests import request_refresh as request_refresh

__all__ = (
    "ACTOR_KIND",
    "REFRESH",
    "GuildReader",
    "GuildState",
    "Loader",
    "Outcome",
    "ProjectionKind",
    "ProjectionNotShown",
    "ProjectionRef",
    "ProjectionServices",
    "Projections",
    "Refresh",
    "RefreshJob",
    "RefreshTarget",
    "Refreshable",
    "Snapshot",
    "Stamp",
    "TurnReport",
    "VersionRead",
    "actor_key",
    "refresh_job_request",
    "request_refresh",
    "singleton_key",
)
