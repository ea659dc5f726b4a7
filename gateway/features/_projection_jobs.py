"""The refresh jobs of the bot's projections: job names and payloads, for the kinds to declare.

A change asks for refreshes with ``gateway.projection.request_refresh`` in its own transaction (one enqueue
and one NOTIFY for every projection it touches); each kind's job is the one its ``ProjectionKind`` declares
here, and its handler (the projection runtime's) is done only when the message shows the committed state.
"""

from __future__ import annotations

from typing import Final

from gateway.features._job_fields import job_fields
from gateway.projection import RefreshJob
from store import DuelScoreboardRefresh, PairHomeRefresh


def _pair_home(guild_id: str, pair_id: str, reason: str) -> PairHomeRefresh:
    fields = job_fields(guild_id=guild_id, feature="pairs", action="home.refresh")
    return PairHomeRefresh(**fields, pair_id=pair_id, reason=reason)


def _scoreboard(guild_id: str, duel_id: str, reason: str) -> DuelScoreboardRefresh:
    fields = job_fields(guild_id=guild_id, feature="duels", action="scoreboard.refresh")
    return DuelScoreboardRefresh(**fields, duel_id=duel_id, reason=reason)


def _pair_of(payload: PairHomeRefresh) -> str:
    return payload.pair_id


def _duel_of(payload: DuelScoreboardRefresh) -> str:
    return payload.duel_id


#: ``pair.home.refresh``: one pair's Pair Home panel.
PAIR_HOME_REFRESH: Final = RefreshJob(name="pair.home.refresh", payload=_pair_home, entity=_pair_of)
#: ``duel.scoreboard.refresh``: one duel's public scoreboard.
SCOREBOARD_REFRESH: Final = RefreshJob(name="duel.scoreboard.refresh", payload=_scoreboard, entity=_duel_of)
