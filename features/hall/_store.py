"""The month's figures, read from the tables of the features the hall sums up (check-ins, raids, duels).

The hall owns none of these tables; it only reads them, by SQL, for one guild and one guild-local month.
Tops list only pairs whose two members opted in to the category (the kernel's opt-ins).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping
from typing import Final

import msgspec

from store import Connection


class TopRow(msgspec.Struct, frozen=True, kw_only=True):
    """A pair in a top and its value."""

    pair_id: uuid.UUID
    user_low: str
    user_high: str
    value: int


class MonthFigures(msgspec.Struct, frozen=True, kw_only=True):
    """What the month's card shows."""

    active_pairs: int
    checkins: int
    raid_pairs: int
    duel_pairs: int
    top_checkin: tuple[TopRow, ...]
    top_raid: tuple[TopRow, ...]
    top_duel: tuple[TopRow, ...]


TOP_SIZE: Final = 5

_ACTIVE_PAIRS: Final = "SELECT count(*) FROM pairs WHERE guild_id = $1 AND status = 'active'"
_CHECKINS: Final = "SELECT count(*) FROM checkins WHERE guild_id = $1 AND created_at >= $2 AND created_at < $3"
_RAID_PAIRS: Final = """
SELECT count(DISTINCT c.pair_id) FROM raid_claims c JOIN raids r ON r.id = c.raid_id
WHERE r.guild_id = $1 AND c.status IN ('confirmed', 'capped') AND c.created_at >= $2 AND c.created_at < $3
"""
_DUEL_PAIRS: Final = """
SELECT count(DISTINCT s.pair_id) FROM duel_submissions s
JOIN duel_rounds dr ON dr.id = s.round_id JOIN duels d ON d.id = dr.duel_id
WHERE d.guild_id = $1 AND s.created_at >= $2 AND s.created_at < $3
"""
_TOP: Final = """
SELECT t.pair_id, t.value, p.user_low, p.user_high FROM ({values}) t JOIN pairs p ON p.id = t.pair_id
WHERE t.pair_id = ANY($4::uuid[]) AND t.value > 0
ORDER BY t.value DESC, t.pair_id LIMIT {limit}
"""
_CHECKIN_VALUES: Final = """
SELECT pair_id, count(*) AS value FROM checkins
WHERE guild_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY pair_id
"""
_RAID_VALUES: Final = """
SELECT d.pair_id, sum(d.points) AS value FROM raid_pair_days d JOIN raids r ON r.id = d.raid_id
WHERE r.guild_id = $1 AND d.day_key >= $2 AND d.day_key < $3 GROUP BY d.pair_id
"""
_DUEL_VALUES: Final = """
SELECT s.pair_id, count(*) AS value FROM duel_submissions s
JOIN duel_rounds dr ON dr.id = s.round_id JOIN duels d ON d.id = dr.duel_id
WHERE d.guild_id = $1 AND s.created_at >= $2 AND s.created_at < $3 GROUP BY s.pair_id
"""


async def _top(conn: Connection, values: str, *args: object) -> tuple[TopRow, ...]:
    rows = await conn.fetch(_TOP.format(values=values, limit=TOP_SIZE), *args)
    return tuple(
        TopRow(pair_id=r["pair_id"], user_low=r["user_low"], user_high=r["user_high"], value=int(r["value"]))
        for r in rows
    )


async def month_figures(
    conn: Connection,
    guild_id: str,
    *,
    bounds: tuple[dt.datetime, dt.datetime],
    days: tuple[str, str],
    shown: Mapping[str, Collection[uuid.UUID]],
) -> MonthFigures:
    """The guild's figures for the month ``bounds`` (UTC instants) / ``days`` (day keys); ``shown`` names the
    pairs each top may list (``checkin``, ``raid``, ``duel``)."""
    start, end = bounds
    return MonthFigures(
        active_pairs=int(await conn.fetchval(_ACTIVE_PAIRS, guild_id)),
        checkins=int(await conn.fetchval(_CHECKINS, guild_id, start, end)),
        raid_pairs=int(await conn.fetchval(_RAID_PAIRS, guild_id, start, end)),
        duel_pairs=int(await conn.fetchval(_DUEL_PAIRS, guild_id, start, end)),
        top_checkin=await _top(conn, _CHECKIN_VALUES, guild_id, start, end, list(shown["checkin"])),
        top_raid=await _top(conn, _RAID_VALUES, guild_id, days[0], days[1], list(shown["raid"])),
        top_duel=await _top(conn, _DUEL_VALUES, guild_id, start, end, list(shown["duel"])),
    )
