"""The bot's :class:`~gateway._host.ProjectionRefresher`: features ask for a refresh, an actor does the rest."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from actors import ActorContext, ActorKind, Coalesce
from gateway.projection._actor import ProjectionActor
from gateway.projection._gates import ChannelGates
from gateway.projection._model import ACTOR_KIND, REFRESH, ProjectionKind, Refresh, actor_key

if TYPE_CHECKING:
    from gateway.projection._model import ProjectionServices

logger = logging.getLogger(__name__)


class Projections:
    """Every installed :class:`ProjectionKind` and the ``projection`` actor kind that renders them.

    Register :attr:`actor_kind` on the actor system; :meth:`refresh` then reaches the actor of
    ``projection:<kind>:<guild>:<entity>``. ``services`` is read when an actor activates (after start).

    Tuning: ``db_slots`` bounds the pool connections projections hold at once (see :class:`ChannelGates`);
    ``debounce_s``/``max_delay_s`` let the refreshes of one user action land in one render (a refresh waits
    until none came for ``debounce_s``, never longer than ``max_delay_s``); ``idle_timeout_s`` passivates a
    quiet projection.
    """

    def __init__(
        self,
        kinds: Iterable[ProjectionKind],
        services: Callable[[], ProjectionServices],
        *,
        db_slots: int = 3,
        debounce_s: float = 0.1,
        max_delay_s: float = 0.5,
        idle_timeout_s: float = 300.0,
    ) -> None:
        self._kinds: dict[str, ProjectionKind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise ValueError(f"projection kind {kind.name!r} is declared twice")
            self._kinds[kind.name] = kind
        self.services = services
        self.gates = ChannelGates(db_slots)
        self.actor_kind = ActorKind(
            name=ACTOR_KIND,
            factory=self._activate,
            idle_timeout_s=idle_timeout_s,
            policies={Refresh: Coalesce(key=type, debounce_s=debounce_s, max_delay_s=max_delay_s)},
        )

    def kind(self, name: str) -> ProjectionKind:
        """The installed kind called ``name`` (KeyError when none is)."""
        return self._kinds[name]

    def _activate(self, ctx: ActorContext) -> ProjectionActor:
        return ProjectionActor(ctx, self)

    def refresh(self, kind: str, guild_id: str, entity_id: str) -> None:
        """Ask the projection to show its latest state: coalescing, returns at once, never raises."""
        key = actor_key(kind, guild_id, entity_id)
        if kind not in self._kinds:
            logger.error("refresh of an unknown projection kind", extra={"projection": key})
            return
        try:
            self.services().system.ref(ACTOR_KIND, key).tell_nowait(REFRESH)
        except Exception:
            # A refresh is advisory: the next one shows the same latest state, so a caller never fails on it.
            logger.exception("projection refresh could not be sent", extra={"projection": key})
