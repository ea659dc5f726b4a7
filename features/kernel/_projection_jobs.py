"""The Pair Home panel's refresh job, shared by every feature whose changes it shows.

A change asks for refreshes with ``gateway.projection.request_refresh`` in its own transaction (one enqueue
and one NOTIFY for every projection it touches); the job's handler (the projection runtime's) is done only
when the message shows the committed state. The panel is shown by ``features.pairs`` but refreshed by the
changes of every feature that has a section on it (a duel answer, a pair created), so its
:class:`~gateway.projection.RefreshTarget` lives here, where all of them can reach it; a projection only its
own feature refreshes (the duel scoreboard) declares its job in that feature.
"""

from __future__ import annotations

from typing import Final

from features.kernel._job_fields import job_fields
from features.kernel._retry import REFRESH_RETRY
from gateway.projection import RefreshJob, RefreshTarget
from store import JobPayload, JobSpec


class PairHomeRefresh(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render a pair's home card."""

    pair_id: str
    reason: str = "update"


def _pair_home(guild_id: str, pair_id: str, reason: str) -> PairHomeRefresh:
    fields = job_fields(guild_id=guild_id, feature="pairs", action="home.refresh")
    return PairHomeRefresh(**fields, pair_id=pair_id, reason=reason)


def _pair_of(payload: PairHomeRefresh) -> str:
    return payload.pair_id


#: ``pair.home.refresh``: one pair's Pair Home panel.
PAIR_HOME_REFRESH: Final = RefreshJob(
    spec=JobSpec(
        name="pair.home.refresh", payload_type=PairHomeRefresh, feature="pairs", action="home.refresh",
        retry=REFRESH_RETRY,
    ),
    payload=_pair_home,
    entity=_pair_of,
)
#: The Pair Home panel, ``projection:pair_home:<guild>:<pair>``: ``PAIR_HOME.ref(guild_id, pair_id)``.
PAIR_HOME: Final = RefreshTarget(name="pair_home", refresh=PAIR_HOME_REFRESH)
