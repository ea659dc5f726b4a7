"""The duel's jobs: ``duel.round.close``, due at the end of every round and of its vote, and
``duel.scoreboard.refresh``."""

from __future__ import annotations

from typing import Final, Literal

from features.kernel import REFRESH_RETRY, job_fields
from gateway.projection import RefreshJob
from store import JobPayload, JobSpec, RetryPolicy

#: What a round close ends: its answers (then the answers are revealed and the vote opens) or its vote (then
#: the round counts).
RoundPhase = Literal["answers", "votes"]


class DuelRoundClose(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Close one round of a duel when its timer runs out: its answers, or later its vote."""

    duel_id: str
    round_no: int = 1
    #: Jobs queued before votes existed carry no phase: they close answers.
    phase: RoundPhase = "answers"


ROUND_CLOSE: Final = JobSpec(
    name="duel.round.close",
    payload_type=DuelRoundClose,
    feature="duels",
    action="round.close",
    retry=RetryPolicy(max_attempts=6, base_delay=2.0, max_delay=120.0),
)


class DuelScoreboardRefresh(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Re-render a duel's scoreboard card."""

    duel_id: str
    reason: str = "update"


def _scoreboard(guild_id: str, duel_id: str, reason: str) -> DuelScoreboardRefresh:
    fields = job_fields(guild_id=guild_id, feature="duels", action="scoreboard.refresh")
    return DuelScoreboardRefresh(**fields, duel_id=duel_id, reason=reason)


def _duel_of(payload: DuelScoreboardRefresh) -> str:
    return payload.duel_id


#: ``duel.scoreboard.refresh``: one duel's public scoreboard (handled by the projection runtime).
SCOREBOARD_REFRESH: Final = RefreshJob(
    spec=JobSpec(
        name="duel.scoreboard.refresh", payload_type=DuelScoreboardRefresh, feature="duels",
        action="scoreboard.refresh", retry=REFRESH_RETRY,
    ),
    payload=_scoreboard,
    entity=_duel_of,
)
