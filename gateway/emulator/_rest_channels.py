"""Emulated channel and message routes: create, edit, delete, pin, overwrites; permissions enforced."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from gateway.emulator._guild import Guild, apply_message_body, iso_now, normalize_overwrite
from gateway.emulator._limits import message_problems
from gateway.emulator._permissions import (
    MANAGE_CHANNELS,
    MANAGE_MESSAGES,
    MANAGE_ROLES,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)
from gateway.emulator._rest import ApiError, Call, Result, invalid_form, route

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator

# -- channels and messages -----------------------------------------------------------------------------------


def _channel(emu: DiscordEmulator, call: Call) -> tuple[Guild, dict[str, Any]]:
    cid = call.params["channel_id"]
    guild = emu.world.guild_of_channel(cid)
    if guild is None or cid not in guild.channels:
        raise ApiError(404, 10003, "Unknown Channel")
    return guild, guild.channels[cid]


def require_permissions(emu: DiscordEmulator, guild: Guild, channel_id: str | None, bits: int) -> None:
    """Refuse (403) unless the bot holds ``bits`` in the channel (guild-wide when ``channel_id`` is None)."""
    uid = emu.world.bot_id
    perms = guild.permissions_in(uid, channel_id) if channel_id else guild.base_permissions(uid)
    if channel_id and not perms & VIEW_CHANNEL:
        raise ApiError(403, 50001, "Missing Access")
    if perms & bits != bits:
        raise ApiError(403, 50013, "Missing Permissions")


def _message(emu: DiscordEmulator, call: Call) -> dict[str, Any]:
    msg = emu.world.messages.get(call.params["channel_id"], {}).get(call.params["message_id"])
    if msg is None:
        raise ApiError(404, 10008, "Unknown Message")
    return msg


@route("GET", "/channels/{channel_id}/messages")
async def list_messages(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /channels/{channel_id}/messages``."""
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], 1 << 16)
    limit = min(100, int(call.query.get("limit", 50)))
    msgs = sorted(emu.world.messages[channel["id"]].values(), key=lambda m: int(m["id"]), reverse=True)
    return 200, msgs[:limit]


@route("POST", "/channels/{channel_id}/messages")
async def create_message(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``POST /channels/{channel_id}/messages``."""
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], SEND_MESSAGES)
    body = call.body if isinstance(call.body, dict) else {}
    if not any(
        body.get(k) for k in ("content", "embeds", "components", "sticker_ids", "poll", "attachments")
    ):
        raise ApiError(400, 50006, "Cannot send an empty message")
    problems = message_problems(body)
    if problems:
        raise invalid_form(problems)
    nonce = body.get("nonce")
    enforced = bool(body.get("enforce_nonce")) and nonce is not None
    now = time.monotonic()
    if enforced and (first := emu.world.message_for_nonce(channel["id"], str(nonce), now)) is not None:
        return 200, first
    msg = emu.world.new_message(channel["id"], body)
    if nonce is not None:
        msg["nonce"] = nonce  # Discord echoes the nonce on the created message
    if enforced:
        emu.world.remember_nonce(channel["id"], str(nonce), msg["id"], now)
    channel["last_message_id"] = msg["id"]
    return 200, msg


@route("GET", "/channels/{channel_id}/messages/{message_id}")
async def get_message(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /channels/{channel_id}/messages/{message_id}``."""
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], 1 << 16)
    return 200, _message(emu, call)


@route("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def edit_message(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``PATCH /channels/{channel_id}/messages/{message_id}``."""
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], 0)
    msg = _message(emu, call)
    if msg["author"]["id"] != emu.world.bot_id:
        raise ApiError(403, 50005, "Cannot edit a message authored by another user")
    body = call.body if isinstance(call.body, dict) else {}
    problems = message_problems(body, existing_flags=int(msg.get("flags", 0)))
    if problems:
        raise invalid_form(problems)
    apply_message_body(msg, body)
    msg["edited_timestamp"] = iso_now()
    emu.world.edit_counts[msg["id"]] += 1
    return 200, msg


@route("DELETE", "/channels/{channel_id}/messages/{message_id}")
async def delete_message(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``DELETE /channels/{channel_id}/messages/{message_id}``."""
    guild, channel = _channel(emu, call)
    msg = _message(emu, call)
    if msg["author"]["id"] != emu.world.bot_id:
        require_permissions(emu, guild, channel["id"], MANAGE_MESSAGES)
    del emu.world.messages[channel["id"]][msg["id"]]
    return 204, None


@route("GET", "/channels/{channel_id}/pins")
async def list_pins(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /channels/{channel_id}/pins``."""
    _, channel = _channel(emu, call)
    return 200, [m for m in emu.world.messages[channel["id"]].values() if m["pinned"]]


@route("PUT", "/channels/{channel_id}/pins/{message_id}")
@route("PUT", "/channels/{channel_id}/messages/pins/{message_id}")
@route("DELETE", "/channels/{channel_id}/pins/{message_id}")
@route("DELETE", "/channels/{channel_id}/messages/pins/{message_id}")
async def pin(emu: DiscordEmulator, call: Call) -> Result:
    """Serve:

    ``PUT /channels/{channel_id}/pins/{message_id}``
    ``PUT /channels/{channel_id}/messages/pins/{message_id}``
    ``DELETE /channels/{channel_id}/pins/{message_id}``
    ``DELETE /channels/{channel_id}/messages/pins/{message_id}``
    """
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], MANAGE_MESSAGES)
    msg = _message(emu, call)
    pinned = [m for m in emu.world.messages[channel["id"]].values() if m["pinned"]]
    if call.method == "PUT" and not msg["pinned"] and len(pinned) >= 50:
        raise ApiError(400, 30003, "Maximum number of pins reached (50)")
    msg["pinned"] = call.method == "PUT"
    return 204, None


@route("GET", "/channels/{channel_id}")
async def get_channel(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /channels/{channel_id}``."""
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], 0)
    return 200, channel


@route("PATCH", "/channels/{channel_id}")
async def edit_channel(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``PATCH /channels/{channel_id}``."""
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], MANAGE_CHANNELS)
    body = call.body if isinstance(call.body, dict) else {}
    for key in ("name", "topic", "position", "nsfw", "rate_limit_per_user"):
        if key in body:
            channel[key] = body[key]
    if "parent_id" in body:
        channel["parent_id"] = None if body["parent_id"] is None else str(body["parent_id"])
    if "permission_overwrites" in body:
        channel["permission_overwrites"] = [normalize_overwrite(o) for o in body["permission_overwrites"]]
    await emu.gateway.dispatch("CHANNEL_UPDATE", channel)
    return 200, channel


@route("DELETE", "/channels/{channel_id}")
async def delete_channel(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``DELETE /channels/{channel_id}``."""
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], MANAGE_CHANNELS)
    del guild.channels[channel["id"]]
    emu.world.channel_guild.pop(channel["id"], None)
    emu.world.messages.pop(channel["id"], None)
    await emu.gateway.dispatch("CHANNEL_DELETE", channel)
    return 200, channel


@route("PUT", "/channels/{channel_id}/permissions/{overwrite_id}")
@route("DELETE", "/channels/{channel_id}/permissions/{overwrite_id}")
async def set_overwrite(emu: DiscordEmulator, call: Call) -> Result:
    """Serve:

    ``PUT /channels/{channel_id}/permissions/{overwrite_id}``
    ``DELETE /channels/{channel_id}/permissions/{overwrite_id}``
    """
    guild, channel = _channel(emu, call)
    require_permissions(emu, guild, channel["id"], MANAGE_ROLES)
    oid = call.params["overwrite_id"]
    kept = [o for o in channel["permission_overwrites"] if o["id"] != oid]
    if call.method == "PUT":
        body = call.body if isinstance(call.body, dict) else {}
        kept.append(normalize_overwrite({**body, "id": oid}))
    channel["permission_overwrites"] = kept
    await emu.gateway.dispatch("CHANNEL_UPDATE", channel)
    return 204, None
