"""The projection runtime of a process: the installed kinds, their actors, and their refresh jobs' handlers."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from actors import ActorContext, ActorKind, Coalesce
from gateway.projection._actor import ProjectionActor
from gateway.projection._gates import ChannelGates
from gateway.projection._model import (
    ACTOR_KIND,
    REFRESH,
    GuildReader,
    ProjectionKind,
    ProjectionNotShown,
    ProjectionRef,
    ProjectionServices,
    Refresh,
    RefreshJob,
    TurnReport,
    parse_actor_key,
)
from store import JobContext, JobRegistry

logger = logging.getLogger(__name__)


class Projections:
    """Every installed :class:`ProjectionKind`, the ``projection`` actor kind that shows them, and the handlers
    of their refresh jobs.

    Register :attr:`actor_kind` on the actor system and :meth:`install_jobs` on the job registry. A refresh job
    then asks (:meth:`show`) the actor of ``projection:<kind>:<guild>:<entity>`` and is done only when the
    turn's report says the message shows the latest state. ``services`` is read when an actor activates;
    ``read_guild(conn, guild_id)`` reads a guild's configuration (the features' reader: the runtime knows only
    that it has a ``version``), which every render gets and every version includes.

    Tuning: ``db_slots`` bounds the pool connections projections hold across Discord calls (see
    :class:`ChannelGates`; keep it below the pool's size, since a locked section briefly takes a second
    connection to render);
    ``debounce_s``/``max_delay_s`` let the refreshes of one user action land in one render (a refresh waits
    until none came for ``debounce_s``, never longer than ``max_delay_s``); ``idle_timeout_s`` passivates a
    quiet projection; ``ask_timeout_s`` is how long a refresh job waits for its turn (pacing, 429s and
    retries included) before it fails and retries; ``rate_limit_budget_s`` is how long one turn waits out
    429s before it gives up.
    """

    def __init__(
        self,
        kinds: Iterable[ProjectionKind],
        services: Callable[[], ProjectionServices],
        *,
        read_guild: GuildReader,
        db_slots: int = 3,
        debounce_s: float = 0.1,
        max_delay_s: float = 0.5,
        idle_timeout_s: float = 300.0,
        ask_timeout_s: float = 60.0,
        rate_limit_budget_s: float = 30.0,
    ) -> None:
        self._kinds: dict[str, ProjectionKind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise ValueError(f"projection kind {kind.name!r} is declared twice")
            self._kinds[kind.name] = kind
        self.services = services
        self.read_guild = read_guild
        self.gates = ChannelGates(db_slots)
        self.ask_timeout_s = ask_timeout_s
        self.rate_limit_budget_s = rate_limit_budget_s
        self.actor_kind = ActorKind(
            name=ACTOR_KIND,
            factory=self._activate,
            idle_timeout_s=idle_timeout_s,
            policies={Refresh: Coalesce(key=type, debounce_s=debounce_s, max_delay_s=max_delay_s)},
        )

    def kind(self, name: str) -> ProjectionKind:
        """The installed kind called ``name`` (KeyError when none is)."""
        return self._kinds[name]

    def ref(self, key: str) -> ProjectionRef | None:
        """The projection of a stored key ``<kind>:<guild>:<entity>``; None (logged) when its kind is not
        installed in this process."""
        name, guild_id, entity_id = parse_actor_key(key)
        kind = self._kinds.get(name)
        if kind is None:
            logger.warning("a stored projection of a kind that is not installed", extra={"projection": key})
            return None
        return kind.ref(guild_id, entity_id)

    def _activate(self, ctx: ActorContext) -> ProjectionActor:
        return ProjectionActor(ctx, self)

    async def show(self, ref: ProjectionRef) -> TurnReport:
        """Ask the projection's actor to show the latest state; the report of the first turn that started after
        the ask. Raises the ask's :class:`~actors.ActorError` (``AskTimeout`` after ``ask_timeout_s``...)."""
        reply = await self.services().system.ref(ACTOR_KIND, ref.key).ask(REFRESH, timeout=self.ask_timeout_s)
        assert isinstance(reply, TurnReport), reply
        return reply

    def install_jobs(self, registry: JobRegistry) -> None:
        """Handle every installed kind's refresh job (the jobs come from the kinds' declarations)."""
        for kind in self._kinds.values():
            if kind.refresh is not None:
                registry.add(kind.refresh.spec, self._refresh_handler(kind, kind.refresh))

    def _refresh_handler(
        self, kind: ProjectionKind, job: RefreshJob[Any]
    ) -> Callable[[Any, JobContext], Awaitable[None]]:
        async def refresh(payload: Any, ctx: JobContext) -> None:
            entity = job.entity(payload)
            if entity is not None:
                entities: Sequence[str] = (entity,)
            elif job.every is not None:
                async with self.services().pool.acquire() as conn:
                    entities = await job.every(conn, payload.guild_id)
            else:
                raise ValueError(f"{job.spec.name}: a payload without an entity, and no `every` to name them")
            for entity_id in entities:
                ref = kind.ref(payload.guild_id, entity_id)
                report = await self.show(ref)
                if not report.outcome.settled:
                    # The job fails and retries with its policy: it is acknowledged only once the message shows it.
                    raise ProjectionNotShown(ref.key, report)
                logger.info("projection refreshed", extra={
                    "projection": ref.key, "reason": getattr(payload, "reason", None),
                    "outcome": report.outcome.value, "version": report.version,
                })

        return refresh
