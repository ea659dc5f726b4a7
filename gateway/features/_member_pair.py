"""Which of a member's pairs an action is for: the pair of the room it runs in, else the member's oldest."""

from __future__ import annotations

from store._pairs import Pair, pair_for_room, pairs_of_member
from store._pool import Connection


async def member_pair(conn: Connection, guild_id: str, channel_id: str, user_id: str) -> Pair | None:
    """The pair whose room ``channel_id`` is when the member belongs to it, else their oldest active pair."""
    here = await pair_for_room(conn, guild_id, channel_id, user_id)
    if here is not None:
        return here
    pairs = await pairs_of_member(conn, guild_id, user_id)
    return pairs[0] if pairs else None
