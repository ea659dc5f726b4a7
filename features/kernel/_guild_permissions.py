"""The bot's effective Discord permissions, computed from a guild snapshot, and the checks ``/admin`` runs.

Discord does not tell a bot its permissions in a channel over REST; they follow from the guild's roles, the
bot member's roles and the channel's overwrites (https://discord.com/developers/docs/topics/permissions).
:func:`base_permissions` and :func:`channel_permissions` are that arithmetic; :func:`check_bot_permissions`
applies it to every place the bot works in: the guild, the pair category and each configured channel.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import msgspec

from features.kernel._permissions import (
    CHANNEL_POST_PERMISSIONS,
    PAIR_CATEGORY_PERMISSIONS,
    Permission,
    missing_permissions,
)

#: Every permission bit (what the owner and administrators hold).
ALL_PERMISSIONS = Permission((1 << 51) - 1)
#: What the bot needs guild-wide: create pair rooms, post and read in its channels.
GUILD_PERMISSIONS = (
    Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES | Permission.EMBED_LINKS | Permission.READ_MESSAGE_HISTORY
    | Permission.MANAGE_CHANNELS | Permission.MANAGE_ROLES
)
#: Channel types the bot can post in: a text channel and an announcement channel.
POSTABLE_CHANNEL_TYPES = frozenset({0, 5})
CATEGORY_CHANNEL_TYPE = 4

#: Settings naming a channel the bot posts in, in report order.
CHANNEL_SETTINGS: tuple[str, ...] = (
    "horoscope_channel_id",
    "raid_channel_id",
    "hall_channel_id",
    "public_post_channel_id",
    "anon_inbox_channel_id",
    "duels_channel_id",
)


class PermissionOverwrite(msgspec.Struct, frozen=True, kw_only=True):
    """A channel permission overwrite: ``kind`` 0 = role, 1 = member."""

    id: str
    kind: int
    allow: Permission
    deny: Permission


class ChannelInfo(msgspec.Struct, frozen=True, kw_only=True):
    """What the checks need of a channel."""

    id: str
    type: int
    parent_id: str | None = None
    overwrites: tuple[PermissionOverwrite, ...] = ()


class GuildSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """The guild as REST shows it: roles with their permissions, the bot's roles, the channels."""

    guild_id: str
    owner_id: str
    bot_id: str
    bot_role_ids: tuple[str, ...]
    role_permissions: Mapping[str, Permission]
    channels: Mapping[str, ChannelInfo]


def base_permissions(
    *, guild_id: str, owner_id: str, user_id: str, role_ids: Iterable[str], role_permissions: Mapping[str, Permission]
) -> Permission:
    """Guild-level permissions: the owner has all; else ``@everyone`` (role id = guild id) OR the member's roles."""
    if user_id == owner_id:
        return ALL_PERMISSIONS
    granted = role_permissions.get(guild_id, Permission(0))
    for role_id in role_ids:
        granted |= role_permissions.get(role_id, Permission(0))
    return ALL_PERMISSIONS if granted & Permission.ADMINISTRATOR else granted


def channel_permissions(
    base: Permission, *, guild_id: str, user_id: str, role_ids: Iterable[str], overwrites: Iterable[PermissionOverwrite]
) -> Permission:
    """Apply a channel's overwrites to ``base`` in Discord's order: @everyone, the member's roles, the member."""
    if base & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS
    by_id = {o.id: o for o in overwrites}
    granted = base
    everyone = by_id.get(guild_id)
    if everyone is not None:
        granted = (granted & ~everyone.deny) | everyone.allow
    allow = deny = Permission(0)
    for role_id in role_ids:
        role = by_id.get(role_id)
        if role is not None and role.kind == 0:
            allow |= role.allow
            deny |= role.deny
    granted = (granted & ~deny) | allow
    member = by_id.get(user_id)
    if member is not None and member.kind == 1:
        granted = (granted & ~member.deny) | member.allow
    return granted


class CheckProblem(enum.StrEnum):
    """Why a permission check failed."""

    MISSING_PERMISSIONS = "missing_permissions"
    NOT_FOUND = "not_found"
    NOT_CATEGORY = "not_category"
    NOT_TEXT = "not_text"


class PermissionCheck(msgspec.Struct, frozen=True, kw_only=True):
    """One place checked: ``where`` is ``guild``, ``category`` or a channel setting key; ``target`` its id."""

    where: str
    target: str
    problem: CheckProblem | None = None
    missing: tuple[Permission, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the bot can work there."""
        return self.problem is None


def _bot_in(snapshot: GuildSnapshot, channel: ChannelInfo | None) -> Permission:
    base = base_permissions(
        guild_id=snapshot.guild_id,
        owner_id=snapshot.owner_id,
        user_id=snapshot.bot_id,
        role_ids=snapshot.bot_role_ids,
        role_permissions=snapshot.role_permissions,
    )
    if channel is None:
        return base
    return channel_permissions(
        base,
        guild_id=snapshot.guild_id,
        user_id=snapshot.bot_id,
        role_ids=snapshot.bot_role_ids,
        overwrites=channel.overwrites,
    )


def _check(where: str, target: str, granted: Permission, required: Permission) -> PermissionCheck:
    missing = missing_permissions(granted, required)
    problem = CheckProblem.MISSING_PERMISSIONS if missing else None
    return PermissionCheck(where=where, target=target, problem=problem, missing=missing)


def check_bot_permissions(snapshot: GuildSnapshot, settings: Mapping[str, object]) -> tuple[PermissionCheck, ...]:
    """Check the bot's permissions guild-wide, in the pair category and in every configured channel.

    A configured id that no longer exists, or has the wrong type, is a failed check naming that problem
    (never an exception: these reports are most needed exactly when something was deleted).
    """
    checks = [_check("guild", snapshot.guild_id, _bot_in(snapshot, None), GUILD_PERMISSIONS)]
    category_id = settings.get("pair_category_id")
    if isinstance(category_id, str) and category_id:
        category = snapshot.channels.get(category_id)
        if category is None:
            checks.append(PermissionCheck(where="pair_category_id", target=category_id, problem=CheckProblem.NOT_FOUND))
        elif category.type != CATEGORY_CHANNEL_TYPE:
            checks.append(
                PermissionCheck(where="pair_category_id", target=category_id, problem=CheckProblem.NOT_CATEGORY)
            )
        else:
            granted = _bot_in(snapshot, category)
            checks.append(_check("pair_category_id", category_id, granted, PAIR_CATEGORY_PERMISSIONS))
    for key in CHANNEL_SETTINGS:
        channel_id = settings.get(key)
        if not isinstance(channel_id, str) or not channel_id:
            continue
        channel = snapshot.channels.get(channel_id)
        if channel is None:
            checks.append(PermissionCheck(where=key, target=channel_id, problem=CheckProblem.NOT_FOUND))
        elif channel.type not in POSTABLE_CHANNEL_TYPES:
            checks.append(PermissionCheck(where=key, target=channel_id, problem=CheckProblem.NOT_TEXT))
        else:
            checks.append(_check(key, channel_id, _bot_in(snapshot, channel), CHANNEL_POST_PERMISSIONS))
    return tuple(checks)


def snapshot_from_discord(
    *,
    guild: Mapping[str, object],
    bot_member: Mapping[str, object],
    bot_id: str,
    channels: Iterable[Mapping[str, object]],
) -> GuildSnapshot:
    """Build a snapshot from Discord's JSON: ``GET /guilds/{id}``, the bot's member object, its channels."""
    roles = guild.get("roles") or []
    assert isinstance(roles, list)
    infos: dict[str, ChannelInfo] = {}
    for channel in channels:
        overwrites = channel.get("permission_overwrites") or []
        assert isinstance(overwrites, list)
        infos[str(channel["id"])] = ChannelInfo(
            id=str(channel["id"]),
            type=int(str(channel.get("type", 0))),
            parent_id=None if channel.get("parent_id") is None else str(channel["parent_id"]),
            overwrites=tuple(
                PermissionOverwrite(
                    id=str(o["id"]),
                    kind=int(o.get("type", 0)),
                    allow=Permission(int(o.get("allow") or 0)),
                    deny=Permission(int(o.get("deny") or 0)),
                )
                for o in overwrites
            ),
        )
    member_roles = bot_member.get("roles") or []
    assert isinstance(member_roles, list)
    return GuildSnapshot(
        guild_id=str(guild["id"]),
        owner_id=str(guild.get("owner_id") or ""),
        bot_id=bot_id,
        bot_role_ids=tuple(str(r) for r in member_roles),
        role_permissions={str(r["id"]): Permission(int(r.get("permissions") or 0)) for r in roles},
        channels=infos,
    )
