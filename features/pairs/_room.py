"""The private pair room: who may see it (permission overwrites) and whether the bot can create it."""

from __future__ import annotations

from collections.abc import Sequence

import interactions
import msgspec

from features.kernel import PAIR_CATEGORY_PERMISSIONS, Permission, missing_permissions, parse_permissions
from gateway import CachedChannel, GuildChannels, Overwrite, private_channel_overwrites


def pair_room_overwrites(
    guild_id: str, member_ids: Sequence[str], bot_id: str, moderator_role_id: str | None
) -> tuple[Overwrite, ...]:
    """Only the two members and the bot see the room; the moderator role (if any) may read but not write."""
    overwrites = private_channel_overwrites(guild_id, member_ids, bot_id)
    if moderator_role_id is None:
        return overwrites
    read_only = Overwrite(
        id=moderator_role_id,
        kind=0,
        allow=int(Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY),
        deny=int(Permission.SEND_MESSAGES),
    )
    return (*overwrites, read_only)


class CategoryProblem(msgspec.Struct, frozen=True, kw_only=True):
    """Why the bot cannot create rooms in the pair category: it is gone (not a category), or permissions lack."""

    category_missing: bool = False
    missing: tuple[Permission, ...] = ()


def room_exists(channels: GuildChannels, channel_id: str) -> bool:
    """Whether the pair room is still there (the gateway cache drops a channel when Discord deletes it)."""
    return channels.channel(channel_id) is not None


def check_pair_category(category: CachedChannel | None) -> CategoryProblem | None:
    """Check the pair category as the gateway cache has it (``channels.channel(category_id)``): it exists and
    the bot holds what room creation needs.

    Returns None when all is well. Checked before any write so the moderator gets the precise reason instead
    of a failed channel creation.
    """
    if category is None or category.type != interactions.ChannelType.GUILD_CATEGORY:
        return CategoryProblem(category_missing=True)
    granted = parse_permissions(category.bot_permissions)
    missing = missing_permissions(granted, PAIR_CATEGORY_PERMISSIONS)
    return CategoryProblem(missing=missing) if missing else None
