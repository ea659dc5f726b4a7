"""The emulator's REST operations: each takes a :class:`Call`, returns ``(status, json)`` or raises."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gateway.emulator._limits import message_problems, modal_problems
from gateway.emulator._permissions import (
    MANAGE_CHANNELS,
    MANAGE_MESSAGES,
    MANAGE_ROLES,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)
from gateway.emulator._state import (
    ACK_DEADLINE,
    TOKEN_LIFETIME,
    Guild,
    InteractionRecord,
    apply_message_body,
    iso_now,
    normalize_overwrite,
)

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator


class ApiError(Exception):
    """A Discord JSON error response."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        """The JSON body Discord sends."""
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            out["errors"] = self.errors
        return out


@dataclass(slots=True)
class Call:
    """One decoded REST request."""

    method: str
    template: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any


Result = tuple[int, Any]
Handler = Callable[["DiscordEmulator", Call], Awaitable[Result]]
HANDLERS: dict[tuple[str, str], Handler] = {}


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    """Register a handler for an operation of the route table."""

    def register(fn: Handler) -> Handler:
        HANDLERS[(method, template)] = fn
        return fn

    return register


def invalid_form(problems: list[str]) -> ApiError:
    """400 / 50035 Invalid Form Body listing ``problems``."""
    return ApiError(400, 50035, "Invalid Form Body", {"_problems": problems})


# -- identity and gateway ------------------------------------------------------------------------------------


@route("GET", "/users/@me")
async def get_me(emu: DiscordEmulator, call: Call) -> Result:
    return 200, emu.world.users[emu.world.bot_id]


@route("GET", "/oauth2/applications/@me")
@route("GET", "/applications/@me")
async def get_application(emu: DiscordEmulator, call: Call) -> Result:
    w = emu.world
    return 200, {
        "id": w.app_id,
        "name": "Together",
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": 0,
        "owner": w.users[w.bot_id],
        "team": None,
        "bot": w.users[w.bot_id],
        "tags": [],
    }


@route("GET", "/gateway")
async def get_gateway(emu: DiscordEmulator, call: Call) -> Result:
    return 200, {"url": emu.gateway_url}


@route("GET", "/gateway/bot")
async def get_gateway_bot(emu: DiscordEmulator, call: Call) -> Result:
    return 200, {
        "url": emu.gateway_url,
        "shards": 1,
        "session_start_limit": {
            "total": 1000,
            "remaining": 999,
            "reset_after": 86_400_000,
            "max_concurrency": 1,
        },
    }


# -- application commands ------------------------------------------------------------------------------------


def _scope(emu: DiscordEmulator, call: Call) -> str:
    if call.params["application_id"] != emu.world.app_id:
        raise ApiError(403, 50001, "Missing Access")
    gid = call.params.get("guild_id")
    if gid is not None and gid not in emu.world.guilds:
        raise ApiError(404, 10004, "Unknown Guild")
    return gid or "global"


@route("GET", "/applications/{application_id}/commands")
@route("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
async def get_commands(emu: DiscordEmulator, call: Call) -> Result:
    return 200, emu.world.commands.get(_scope(emu, call), [])


@route("PUT", "/applications/{application_id}/commands")
@route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
async def put_commands(emu: DiscordEmulator, call: Call) -> Result:
    scope = _scope(emu, call)
    if not isinstance(call.body, list) or len(call.body) > 100:
        raise invalid_form(["<body>: a list of at most 100 commands"])
    old = {(c["name"], c.get("type", 1)): c for c in emu.world.commands.get(scope, [])}
    stored = []
    for body in call.body:
        kind = int(body.get("type", 1))
        prev = old.get((body["name"], kind))
        cmd = {k: v for k, v in body.items() if v is not None}
        cmd.update(
            {
                "id": prev["id"] if prev else emu.world.ids.next(),
                "application_id": emu.world.app_id,
                "version": emu.world.ids.next(),
                "type": kind,
            }
        )
        cmd.setdefault("description", "")
        cmd.setdefault("default_member_permissions", None)
        cmd.setdefault("dm_permission", True)
        cmd.setdefault("nsfw", False)
        if scope != "global":
            cmd["guild_id"] = scope
        stored.append(cmd)
    emu.world.commands[scope] = stored
    emu.command_syncs += 1
    return 200, stored


# -- interactions --------------------------------------------------------------------------------------------


def _interaction(emu: DiscordEmulator, call: Call) -> InteractionRecord:
    rec = emu.world.interactions.get(call.params["interaction_id"])
    if rec is None or rec.token != call.params["interaction_token"]:
        raise ApiError(404, 10062, "Unknown interaction")
    return rec


@route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
async def callback(emu: DiscordEmulator, call: Call) -> Result:
    rec = _interaction(emu, call)
    now = emu.now()
    if rec.acked_at is not None:
        raise ApiError(400, 40060, "Interaction has already been acknowledged.")
    if now - rec.created > ACK_DEADLINE:
        rec.late = True
        raise ApiError(404, 10062, "Unknown interaction")
    body = call.body if isinstance(call.body, dict) else {}
    kind = int(body.get("type", 0))
    data = body.get("data") or {}
    w = emu.world
    if kind in (4, 5):
        problems = message_problems(data) if kind == 4 else []
        if kind == 5 and int(data.get("flags") or 0) & ~64:
            problems.append("data.flags: a deferred response may carry only EPHEMERAL")
        if problems:
            raise invalid_form(problems)
        msg_body = dict(data)
        if kind == 5:
            msg_body = {"flags": (int(data.get("flags") or 0) & 64) | 128}
        msg = w.new_message(rec.channel_id, msg_body, webhook=True)
        msg["interaction_metadata"] = {"id": rec.id, "type": rec.type, "user": w.users[rec.user_id]}
        rec.original_message_id = msg["id"]
    elif kind in (6, 7):
        if rec.type != 3 or rec.source_message_id is None:
            raise ApiError(400, 50035, "Invalid Form Body", {"type": "only for component interactions"})
        source = w.find_message(rec.source_message_id)
        if source is None:
            raise ApiError(404, 10008, "Unknown Message")
        msg = source
        if kind == 7:
            problems = message_problems(data, existing_flags=int(msg.get("flags", 0)))
            if problems:
                raise invalid_form(problems)
            apply_message_body(msg, data)
            msg["edited_timestamp"] = iso_now()
            w.edit_counts[msg["id"]] += 1
        rec.original_message_id = msg["id"]
    elif kind == 8:
        rec.autocomplete = list(data.get("choices") or [])
    elif kind == 9:
        problems = modal_problems(data)
        if problems:
            raise invalid_form(problems)
        rec.modal = data
    elif kind not in (1, 10, 12):
        raise invalid_form([f"type: unknown interaction callback type {kind}"])
    rec.acked_at = now
    rec.ack_type = kind
    rec.acked.set()
    if call.query.get("with_response") in ("true", "True", "1"):
        resource: dict[str, Any] = {"type": kind}
        if rec.original_message_id is not None:
            resource["message"] = w.find_message(rec.original_message_id)
        return 200, {"interaction": {"id": rec.id, "type": rec.type}, "resource": resource}
    return 204, None


def _webhook(emu: DiscordEmulator, call: Call) -> InteractionRecord:
    if call.params["webhook_id"] != emu.world.app_id:
        raise ApiError(404, 10015, "Unknown Webhook")
    rec = emu.world.by_token.get(call.params["webhook_token"])
    if rec is None:
        raise ApiError(404, 10015, "Unknown Webhook")
    if emu.now() - rec.created > TOKEN_LIFETIME:
        raise ApiError(401, 50027, "Invalid Webhook Token")
    return rec


def _webhook_message(emu: DiscordEmulator, call: Call, rec: InteractionRecord) -> dict[str, Any]:
    mid = call.params.get("message_id") or rec.original_message_id
    if mid is None or (mid != rec.original_message_id and mid not in rec.followup_ids):
        raise ApiError(404, 10008, "Unknown Message")
    msg = emu.world.find_message(mid)
    if msg is None:
        raise ApiError(404, 10008, "Unknown Message")
    return msg


@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def get_webhook_message(emu: DiscordEmulator, call: Call) -> Result:
    rec = _webhook(emu, call)
    return 200, _webhook_message(emu, call, rec)


@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def edit_webhook_message(emu: DiscordEmulator, call: Call) -> Result:
    rec = _webhook(emu, call)
    msg = _webhook_message(emu, call, rec)
    body = call.body if isinstance(call.body, dict) else {}
    problems = message_problems(body, existing_flags=int(msg.get("flags", 0)))
    if problems:
        raise invalid_form(problems)
    apply_message_body(msg, body)
    msg["flags"] = int(msg.get("flags", 0)) & ~128  # a deferred "thinking" message stops loading when edited
    msg["edited_timestamp"] = iso_now()
    emu.world.edit_counts[msg["id"]] += 1
    return 200, msg


@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def delete_webhook_message(emu: DiscordEmulator, call: Call) -> Result:
    rec = _webhook(emu, call)
    msg = _webhook_message(emu, call, rec)
    emu.world.webhook_messages.pop(msg["id"], None)
    emu.world.messages.get(msg["channel_id"], {}).pop(msg["id"], None)
    return 204, None


@route("POST", "/webhooks/{webhook_id}/{webhook_token}")
async def followup(emu: DiscordEmulator, call: Call) -> Result:
    rec = _webhook(emu, call)
    if rec.acked_at is None:
        raise ApiError(404, 10015, "Unknown Webhook")
    body = call.body if isinstance(call.body, dict) else {}
    problems = message_problems(body)
    if problems:
        raise invalid_form(problems)
    msg = emu.world.new_message(rec.channel_id, body, webhook=True)
    rec.followup_ids.append(msg["id"])
    return 200, msg


# -- channels and messages -----------------------------------------------------------------------------------


def _channel(emu: DiscordEmulator, call: Call) -> tuple[Guild, dict[str, Any]]:
    cid = call.params["channel_id"]
    guild = emu.world.guild_of_channel(cid)
    if guild is None or cid not in guild.channels:
        raise ApiError(404, 10003, "Unknown Channel")
    return guild, guild.channels[cid]


def _require(emu: DiscordEmulator, guild: Guild, channel_id: str | None, bits: int) -> None:
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
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], 1 << 16)
    limit = min(100, int(call.query.get("limit", 50)))
    msgs = sorted(emu.world.messages[channel["id"]].values(), key=lambda m: int(m["id"]), reverse=True)
    return 200, msgs[:limit]


@route("POST", "/channels/{channel_id}/messages")
async def create_message(emu: DiscordEmulator, call: Call) -> Result:
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], SEND_MESSAGES)
    body = call.body if isinstance(call.body, dict) else {}
    if not any(
        body.get(k) for k in ("content", "embeds", "components", "sticker_ids", "poll", "attachments")
    ):
        raise ApiError(400, 50006, "Cannot send an empty message")
    problems = message_problems(body)
    if problems:
        raise invalid_form(problems)
    msg = emu.world.new_message(channel["id"], body)
    channel["last_message_id"] = msg["id"]
    return 200, msg


@route("GET", "/channels/{channel_id}/messages/{message_id}")
async def get_message(emu: DiscordEmulator, call: Call) -> Result:
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], 1 << 16)
    return 200, _message(emu, call)


@route("PATCH", "/channels/{channel_id}/messages/{message_id}")
async def edit_message(emu: DiscordEmulator, call: Call) -> Result:
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], 0)
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
    guild, channel = _channel(emu, call)
    msg = _message(emu, call)
    if msg["author"]["id"] != emu.world.bot_id:
        _require(emu, guild, channel["id"], MANAGE_MESSAGES)
    del emu.world.messages[channel["id"]][msg["id"]]
    return 204, None


@route("GET", "/channels/{channel_id}/pins")
async def list_pins(emu: DiscordEmulator, call: Call) -> Result:
    _, channel = _channel(emu, call)
    return 200, [m for m in emu.world.messages[channel["id"]].values() if m["pinned"]]


@route("PUT", "/channels/{channel_id}/pins/{message_id}")
@route("PUT", "/channels/{channel_id}/messages/pins/{message_id}")
@route("DELETE", "/channels/{channel_id}/pins/{message_id}")
@route("DELETE", "/channels/{channel_id}/messages/pins/{message_id}")
async def pin(emu: DiscordEmulator, call: Call) -> Result:
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], MANAGE_MESSAGES)
    msg = _message(emu, call)
    pinned = [m for m in emu.world.messages[channel["id"]].values() if m["pinned"]]
    if call.method == "PUT" and not msg["pinned"] and len(pinned) >= 50:
        raise ApiError(400, 30003, "Maximum number of pins reached (50)")
    msg["pinned"] = call.method == "PUT"
    return 204, None


@route("GET", "/channels/{channel_id}")
async def get_channel(emu: DiscordEmulator, call: Call) -> Result:
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], 0)
    return 200, channel


@route("PATCH", "/channels/{channel_id}")
async def edit_channel(emu: DiscordEmulator, call: Call) -> Result:
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], MANAGE_CHANNELS)
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
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], MANAGE_CHANNELS)
    del guild.channels[channel["id"]]
    emu.world.channel_guild.pop(channel["id"], None)
    emu.world.messages.pop(channel["id"], None)
    await emu.gateway.dispatch("CHANNEL_DELETE", channel)
    return 200, channel


@route("PUT", "/channels/{channel_id}/permissions/{overwrite_id}")
@route("DELETE", "/channels/{channel_id}/permissions/{overwrite_id}")
async def set_overwrite(emu: DiscordEmulator, call: Call) -> Result:
    guild, channel = _channel(emu, call)
    _require(emu, guild, channel["id"], MANAGE_ROLES)
    oid = call.params["overwrite_id"]
    kept = [o for o in channel["permission_overwrites"] if o["id"] != oid]
    if call.method == "PUT":
        body = call.body if isinstance(call.body, dict) else {}
        kept.append(normalize_overwrite({**body, "id": oid}))
    channel["permission_overwrites"] = kept
    await emu.gateway.dispatch("CHANNEL_UPDATE", channel)
    return 204, None


# -- guilds --------------------------------------------------------------------------------------------------


def _guild(emu: DiscordEmulator, call: Call) -> Guild:
    guild = emu.world.guilds.get(call.params["guild_id"])
    if guild is None:
        raise ApiError(404, 10004, "Unknown Guild")
    return guild


@route("GET", "/guilds/{guild_id}")
async def get_guild(emu: DiscordEmulator, call: Call) -> Result:
    return 200, _guild(emu, call).to_rest()


@route("GET", "/guilds/{guild_id}/channels")
async def list_channels(emu: DiscordEmulator, call: Call) -> Result:
    return 200, list(_guild(emu, call).channels.values())


@route("POST", "/guilds/{guild_id}/channels")
async def create_channel(emu: DiscordEmulator, call: Call) -> Result:
    guild = _guild(emu, call)
    _require(emu, guild, None, MANAGE_CHANNELS)
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
    return 200, list(_guild(emu, call).roles.values())


@route("GET", "/guilds/{guild_id}/members")
async def list_members(emu: DiscordEmulator, call: Call) -> Result:
    guild = _guild(emu, call)
    after = int(call.query.get("after", 0))
    limit = min(1000, int(call.query.get("limit", 1)))
    ids = sorted((uid for uid in guild.members if int(uid) > after), key=int)[:limit]
    return 200, [guild.member_object(uid, emu.world.users) for uid in ids]


@route("GET", "/guilds/{guild_id}/members/{user_id}")
async def get_member(emu: DiscordEmulator, call: Call) -> Result:
    guild = _guild(emu, call)
    if call.params["user_id"] not in guild.members:
        raise ApiError(404, 10007, "Unknown Member")
    return 200, guild.member_object(call.params["user_id"], emu.world.users)


@route("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
@route("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}")
async def member_role(emu: DiscordEmulator, call: Call) -> Result:
    guild = _guild(emu, call)
    _require(emu, guild, None, MANAGE_ROLES)
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
