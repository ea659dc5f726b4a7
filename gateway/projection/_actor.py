"""The projection actor: one activation per ``<kind>:<guild>:<entity>``, one render in flight, latest wins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from actors import Actor, ActorContext
from gateway.projection._model import Refresh, parse_actor_key
from gateway.projection._publisher import ProjectionPublisher
from telemetry import log_context

if TYPE_CHECKING:
    from gateway.projection._projections import Projections


class ProjectionActor(Actor):
    """Handles coalesced :class:`Refresh` messages by publishing the latest state; replies with the turn's
    :class:`~gateway.projection.TurnReport`.

    The mailbox keeps one refresh in flight plus one pending, so a burst of any size costs at most two turns
    after the one running, and every turn reads the state itself: nothing stale is ever queued. Refreshes
    merged into one pending turn keep every asker's reply future (the ``Coalesce`` policy), so each asker is
    answered by the first turn that *started* after its refresh arrived, never by one already running.
    Retrying a turn that did not show the state is the refresh job's business (its retry policy), not the
    actor's: nothing is retried behind the job's back.
    """

    def __init__(self, ctx: ActorContext, projections: Projections) -> None:
        super().__init__(ctx)
        kind_name, guild_id, entity_id = parse_actor_key(ctx.key)
        self.kind = projections.kind(kind_name)
        self.guild_id = guild_id
        self.publisher = ProjectionPublisher(
            self.kind,
            guild_id,
            entity_id,
            projections.services(),
            projections.gates,
            read_guild=projections.read_guild,
            rate_limit_budget_s=projections.rate_limit_budget_s,
        )

    async def receive(self, message: object) -> object:
        if isinstance(message, Refresh):
            with log_context(feature="projection", action=self.kind.name, guild_id=self.guild_id):
                return await self.publisher.publish_latest()
        return None
