"""The duel's own job: ``duel.round.close``, due at the end of every round."""

from __future__ import annotations

from typing import Final

from store import JobPayload, JobSpec, RetryPolicy


class DuelRoundClose(JobPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Close one round of a duel when its timer runs out."""

    duel_id: str
    round_no: int = 1


ROUND_CLOSE: Final = JobSpec(
    name="duel.round.close",
    payload_type=DuelRoundClose,
    feature="duels",
    action="round.close",
    retry=RetryPolicy(max_attempts=6, base_delay=2.0, max_delay=120.0),
)
