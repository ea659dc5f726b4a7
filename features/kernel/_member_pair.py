"""A member's pair rooms: which pair an action is for (the room it runs in, else the member's oldest), and the
reply that links a member to their room(s) (``/pair room`` and the duel scoreboard's "my room" button)."""

from __future__ import annotations

from features.kernel._pairs import Pair, pair_for_room, pairs_of_member
from gateway.i18n import Locale, default_translator
from store import Connection


async def member_pair(conn: Connection, guild_id: str, channel_id: str, user_id: str) -> Pair | None:
    """The pair whose room ``channel_id`` is when the member belongs to it, else their oldest active pair."""
    here = await pair_for_room(conn, guild_id, channel_id, user_id)
    if here is not None:
        return here
    pairs = await pairs_of_member(conn, guild_id, user_id)
    return pairs[0] if pairs else None


def rooms_text(pairs: list[Pair], locale: Locale) -> str:
    """The reply naming a member's pair room(s), or saying they have none yet."""
    tr = default_translator()
    if not pairs:
        return tr.text(locale, "pair.reply.no_room")
    if len(pairs) == 1:
        return tr.text(locale, "pair.reply.your_room", channel=f"<#{pairs[0].private_channel_id}>")
    return tr.text(locale, "pair.reply.your_rooms", channels=", ".join(f"<#{p.private_channel_id}>" for p in pairs))
