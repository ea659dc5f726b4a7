"""Emulated guild routes: the guild, its channels (create), roles and members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gateway.emulator._guild import Guild
from gateway.emulator._permissions import MANAGE_CHANNELS, MANAGE_ROLES
from gateway.emulator._rest import ApiError, Call, Result, invalid_form, route
from gateway.emulator._rest_channels import require_permissions

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator

# -- guilds --------------------------------------------------------------------------------------------------


def _guild(emu: DiscordEmulator, call: Call) -> Guild:
    guild = emu.world.guilds.get(call.params["guild_id"])
    if guild is None:
        raise ApiError(404, 10004, "Unknown Guild")
    return guild


@route("GET", "/guilds/{guild_id}")
async def get_guild(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /guilds/{guild_id}``."""
    return 200, _guild(emu, call).to_rest()


@route("GET", "/guilds/{guild_id}/channels")
async def list_channels(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /guilds/{guild_id}/channels``."""
    return 200, list(_guild(emu, call).channels.values())


@route("POST", "/guilds/{guild_id}/channels")
async def create_channel(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``POST /guilds/{guild_id}/channels``."""
    guild = _guild(emu, call)
    require_permissions(emu, guild, None, MANAGE_CHANNELS)
    body = call.body if isinstance(call.body, dict) else {}
    name = str(body.get("name") or "")
    if not 1 <= len(name) <= 100:
        raise invalid_form(["name: 1..100 characters"])
    parent = body.get("parent_id")
    parent_id = None if parent is None else str(parent)
    if parent_id is not None and guild.channels.get(parent_id, {}).get("type") != 4:
        raise invalid_form(["parent_id: not a category of this guild"])
    overwrites = body.get("permission_overwrites") or []
    bot_perms = guild.base_permissions(emu.world.bot_id)
    for o in overwrites:
        # Discord refuses to grant in an overwrite what the bot itself does not hold.
        if int(o.get("allow") or 0) & ~bot_perms:
            raise ApiError(403, 50013, "Missing Permissions")
    channel = emu.world.add_channel(
        guild,
        name,
        type=int(body.get("type") or 0),
        parent_id=parent_id,
        overwrites=overwrites,
        topic=body.get("topic"),
    )
    await emu.gateway.dispatch("CHANNEL_CREATE", channel)
    return 201, channel


@route("GET", "/guilds/{guild_id}/roles")
async def list_roles(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /guilds/{guild_id}/roles``."""
    return 200, list(_guild(emu, call).roles.values())


@route("GET", "/guilds/{guild_id}/members")
async def list_members(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /guilds/{guild_id}/members``."""
    guild = _guild(emu, call)
    after = int(call.query.get("after", 0))
    limit = min(1000, int(call.query.get("limit", 1)))
    ids = sorted((uid for uid in guild.members if int(uid) > after), key=int)[:limit]
    return 200, [guild.member_object(uid, emu.world.users) for uid in ids]


@route("GET", "/guilds/{guild_id}/members/{user_id}")
async def get_member(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /guilds/{guild_id}/members/{user_id}``."""
    guild = _guild(emu, call)
    if call.params["user_id"] not in guild.members:
        raise ApiError(404, 10007, "Unknown Member")
    return 200, guild.member_object(call.params["user_id"], emu.world.users)


@route("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
@route("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def member_role(emu: DiscordEmulator, call: Call) -> Result:
    """Serve:

    ``PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}``
    ``DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}``
    """
    guild = _guild(emu, call)
    require_permissions(emu, guild, None, MANAGE_ROLES)
    member = guild.members.get(call.params["user_id"])
    if member is None:
        raise ApiError(404, 10007, "Unknown Member")
    rid = call.params["role_id"]
    if rid not in guild.roles:
        raise ApiError(404, 10011, "Unknown Role")
    roles = [r for r in member["roles"] if r != rid]
    if call.method == "PUT":
        roles.append(rid)
    member["roles"] = roles
    await emu.gateway.dispatch(
        "GUILD_MEMBER_UPDATE",
        {"guild_id": guild.id, **guild.member_object(call.params["user_id"], emu.world.users)},
    )
    return 204, None
