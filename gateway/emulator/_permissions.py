"""Discord's permission arithmetic (pure): a member's base permissions and the channel overwrites on top."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

ADMINISTRATOR: Final = 1 << 3
VIEW_CHANNEL: Final = 1 << 10
SEND_MESSAGES: Final = 1 << 11
MANAGE_CHANNELS: Final = 1 << 4
MANAGE_MESSAGES: Final = 1 << 13
MANAGE_ROLES: Final = 1 << 28
#: Every permission bit Discord defines today (bits 0..50); what an administrator or the owner gets.
ALL: Final = (1 << 51) - 1


def base_permissions(
    *, guild_id: str, owner_id: str, user_id: str, member_roles: Iterable[str], roles: Mapping[str, int]
) -> int:
    """Guild-level permissions: ``@everyone`` (role id = guild id) OR every role of the member."""
    if user_id == owner_id:
        return ALL
    perms = roles.get(guild_id, 0)
    for role_id in member_roles:
        perms |= roles.get(role_id, 0)
    if perms & ADMINISTRATOR:
        return ALL
    return perms


def channel_permissions(
    base: int,
    *,
    guild_id: str,
    user_id: str,
    member_roles: Iterable[str],
    overwrites: Iterable[Mapping[str, Any]],
) -> int:
    """Apply a channel's overwrites to ``base`` in Discord's order: @everyone, roles together, member."""
    if base & ADMINISTRATOR or base == ALL:
        return ALL
    by_id = {str(o["id"]): o for o in overwrites}
    perms = base
    everyone = by_id.get(guild_id)
    if everyone is not None:
        perms = (perms & ~int(everyone["deny"])) | int(everyone["allow"])
    allow = deny = 0
    for role_id in member_roles:
        o = by_id.get(role_id)
        if o is not None and int(o["type"]) == 0:
            allow |= int(o["allow"])
            deny |= int(o["deny"])
    perms = (perms & ~deny) | allow
    mine = by_id.get(user_id)
    if mine is not None and int(mine["type"]) == 1:
        perms = (perms & ~int(mine["deny"])) | int(mine["allow"])
    return perms
