"""Asking for a projection refresh durably: the refresh job is enqueued in the transaction of the change.

A change and its refresh request commit together, so a crash between them cannot leave a panel showing old
state for good. The job's coalescing key is the projection's singleton key: while one refresh waits, further
requests are absorbed; once it has started, a new one queues (the state may have changed since it loaded).
The job handlers hand the key to the projection actor, which loads the latest state itself.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Final

from features.kernel._host import FeatureHost
from features.kernel._job_fields import job_fields
from features.kernel._retry import REFRESH_RETRY
from store import Connection, JobContext, JobPayload, JobRequest, JobSpec, enqueue_many

logger = logging.getLogger(__name__)

class PairHomeRefresh(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render a pair's home card."""

    pair_id: str
    reason: str = "update"


class DuelScoreboardRefresh(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render a duel's scoreboard card."""

    duel_id: str
    reason: str = "update"


PAIR_HOME_REFRESH: Final = JobSpec(
    name="pair.home.refresh", payload_type=PairHomeRefresh, feature="pairs", action="home.refresh",
    retry=REFRESH_RETRY,
)
SCOREBOARD_REFRESH: Final = JobSpec(
    name="duel.scoreboard.refresh", payload_type=DuelScoreboardRefresh, feature="duels",
    action="scoreboard.refresh", retry=REFRESH_RETRY,
)

#: The payloads of the refresh jobs: the guild, the entity (its field named by the handler) and why.
RefreshPayload = PairHomeRefresh | DuelScoreboardRefresh

PAIR_HOME = "pair_home"
DUEL_SCOREBOARD = "duel_scoreboard"


def projection_key(kind: str, guild_id: str, entity_id: uuid.UUID | str) -> str:
    """The singleton key of a projection (``projection:pair_home:<guild>:<pair>``)."""
    return f"projection:{kind}:{guild_id}:{entity_id}"


def _refresh_job(
    spec: JobSpec[Any], kind: str, guild_id: str, entity_id: uuid.UUID, payload: JobPayload
) -> JobRequest:
    """The refresh job ``spec`` of projection ``kind``, coalesced on the projection's singleton key."""
    return spec.request(payload, coalesce_key=projection_key(kind, guild_id, entity_id))


async def request_pair_home_refresh(
    conn: Connection, guild_id: str, pair_ids: Iterable[uuid.UUID], *, reason: str
) -> None:
    """Enqueue ``pair.home.refresh`` for each pair, in ``conn``'s transaction."""
    fields = job_fields(guild_id=guild_id, feature="pairs", action="home.refresh")
    await enqueue_many(
        conn,
        [
            _refresh_job(
                PAIR_HOME_REFRESH, PAIR_HOME, guild_id, pair_id,
                PairHomeRefresh(**fields, pair_id=str(pair_id), reason=reason),
            )
            for pair_id in pair_ids
        ],
    )


async def request_scoreboard_refresh(conn: Connection, guild_id: str, duel_id: uuid.UUID, *, reason: str) -> None:
    """Enqueue ``duel.scoreboard.refresh`` for the duel, in ``conn``'s transaction."""
    fields = job_fields(guild_id=guild_id, feature="duels", action="scoreboard.refresh")
    payload = DuelScoreboardRefresh(**fields, duel_id=str(duel_id), reason=reason)
    await enqueue_many(conn, [_refresh_job(SCOREBOARD_REFRESH, DUEL_SCOREBOARD, guild_id, duel_id, payload)])


def refresh_job_handler(
    host: FeatureHost, kind: str, *, entity_field: str
) -> Callable[[RefreshPayload, JobContext], Awaitable[None]]:
    """The handler of projection ``kind``'s refresh job: hand the entity (``payload.<entity_field>``) to the
    projection actor, which loads the latest state itself."""

    async def refresh(payload: RefreshPayload, job: JobContext) -> None:
        entity_id: str = getattr(payload, entity_field)
        extra = {"projection": kind, entity_field: entity_id, "reason": payload.reason}
        logger.info("projection refresh requested", extra=extra)
        host.services.projections.refresh(kind, payload.guild_id, entity_id)

    return refresh
