"""Who may be named in a top: the hall's opt-ins, shared by the hall's monthly card and the raid's top five.

A member opts in per category (check-ins, raid points, duel answers); the default is out. A pair is shown only
when **both** members opted in to that category, so one partner's choice never exposes the other.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from typing import Final

from store import Connection


class HallCategory(enum.StrEnum):
    """The tops a member can choose to appear in."""

    CHECKIN = "checkin"
    RAID = "raid"
    DUEL = "duel"


_OF_MEMBER: Final = "SELECT category FROM hall_opt_ins WHERE guild_id = $1 AND user_id = $2"
_ADD: Final = """
INSERT INTO hall_opt_ins (guild_id, user_id, category) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING
"""
_REMOVE: Final = "DELETE FROM hall_opt_ins WHERE guild_id = $1 AND user_id = $2 AND category = ANY($3::text[])"
_BUMP: Final = """
INSERT INTO hall_opt_in_versions (guild_id, version) VALUES ($1, 1)
ON CONFLICT (guild_id) DO UPDATE SET version = hall_opt_in_versions.version + 1
"""
_VERSION: Final = "SELECT coalesce((SELECT version FROM hall_opt_in_versions WHERE guild_id = $1), 0)"
_BOTH_IN: Final = """
SELECT p.id FROM pairs p
WHERE p.guild_id = $1
  AND EXISTS (SELECT 1 FROM hall_opt_ins o WHERE o.guild_id = $1 AND o.user_id = p.user_low AND o.category = $2)
  AND EXISTS (SELECT 1 FROM hall_opt_ins o WHERE o.guild_id = $1 AND o.user_id = p.user_high AND o.category = $2)
"""


async def member_opt_ins(conn: Connection, guild_id: str, user_id: str) -> frozenset[HallCategory]:
    """The categories ``user_id`` opted in to."""
    return frozenset(HallCategory(row["category"]) for row in await conn.fetch(_OF_MEMBER, guild_id, user_id))


async def set_opt_ins(
    conn: Connection, guild_id: str, user_id: str, categories: Iterable[HallCategory], *, opted_in: bool
) -> None:
    """Opt ``user_id`` in to (or out of) ``categories``, and bump the guild's opt-in version."""
    values = [category.value for category in categories]
    await conn.execute(_ADD if opted_in else _REMOVE, guild_id, user_id, values)
    await conn.execute(_BUMP, guild_id)


async def opt_in_version(conn: Connection, guild_id: str) -> int:
    """Grows with every opt-in change of the guild (0 before the first)."""
    return int(await conn.fetchval(_VERSION, guild_id))


async def pairs_opted_in(conn: Connection, guild_id: str, category: HallCategory) -> frozenset[uuid.UUID]:
    """The guild's pairs whose two members both opted in to ``category``."""
    return frozenset(row["id"] for row in await conn.fetch(_BOTH_IN, guild_id, category.value))
