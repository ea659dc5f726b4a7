"""The projection actor: one activation per ``<kind>:<guild>:<entity>``, one render in flight, latest wins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from actors import Actor, ActorContext
from gateway.projection._model import REFRESH, Refresh, parse_actor_key
from gateway.projection._publisher import ProjectionPublisher
from telemetry import log_context

if TYPE_CHECKING:
    from gateway.projection._projections import Projections

#: When Discord stayed unavailable through a turn's retries, the actor refreshes itself this much later.
RETRY_LATER_S: Final = 30.0


class ProjectionActor(Actor):
    """Handles coalesced :class:`Refresh` messages by publishing the latest snapshot.

    The mailbox keeps one refresh in flight plus one pending, so a burst of any size costs at most two turns
    after the one running, and every turn loads the state itself: nothing stale is ever queued.
    """

    def __init__(self, ctx: ActorContext, projections: Projections) -> None:
        super().__init__(ctx)
        kind_name, guild_id, entity_id = parse_actor_key(ctx.key)
        self.kind = projections.kind(kind_name)
        self.guild_id = guild_id
        self.publisher = ProjectionPublisher(
            self.kind, guild_id, entity_id, projections.services(), projections.gates
        )

    async def receive(self, message: object) -> object:
        if isinstance(message, Refresh):
            with log_context(feature="projection", action=self.kind.name, guild_id=self.guild_id):
                if not await self.publisher.publish_latest():
                    self.ctx.send_later(RETRY_LATER_S, REFRESH)
        return None
