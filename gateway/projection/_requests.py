"""The one way a change asks for projection refreshes: their jobs, enqueued in the change's own transaction.

A change and its refresh requests commit together, so a crash between them cannot leave a panel showing old
state for good; nothing is asked before the change is visible. However many projections a change touches (one
answer may change a scoreboard and a panel), :func:`request_refresh` enqueues them in one statement with one
NOTIFY. Each job is its kind's own (:attr:`ProjectionKind.refresh`) and is coalesced on the
projection's singleton key ``projection:<kind>:<guild>:<entity>``: while one refresh waits, further requests
are absorbed; once it has started, a new one queues (the state may have changed since it read it).

The job is done only when the projection actor reports the message showing the latest state (see
:meth:`Projections.install_jobs`); otherwise it fails and retries with the job's retry policy.
"""

from __future__ import annotations

from collections.abc import Iterable

from gateway.projection._model import ProjectionRef, singleton_key
from store import Connection, JobRequest, enqueue_many


def refresh_job_request(ref: ProjectionRef, *, reason: str) -> JobRequest:
    """The refresh job of ``ref``, coalesced on its singleton key (ValueError for a kind without a job)."""
    job = ref.kind.refresh
    if job is None:
        raise ValueError(f"projection kind {ref.kind.name!r} declares no refresh job")
    return job.spec.request(
        job.payload(ref.guild_id, ref.entity_id, reason),
        coalesce_key=singleton_key(ref.kind.name, ref.guild_id, ref.entity_id),
    )


async def request_refresh(conn: Connection, refs: Iterable[ProjectionRef], *, reason: str) -> None:
    """Ask every projection of ``refs`` to show its latest state, in ``conn``'s transaction: one INSERT of
    their refresh jobs and one NOTIFY, whatever their number and kinds (nothing for an empty ``refs``).

    ``reason`` travels in each payload for the logs (``"submission"``, ``"locale"``...).
    """
    await enqueue_many(conn, [refresh_job_request(ref, reason=reason) for ref in refs])
