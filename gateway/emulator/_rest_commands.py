"""Emulated login, gateway discovery and application-command routes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from gateway.emulator._rest import ApiError, Call, Result, invalid_form, route

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator

# -- identity and gateway ------------------------------------------------------------------------------------


@route("GET", "/users/@me")
async def get_me(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /users/@me``."""
    return 200, emu.world.users[emu.world.bot_id]


@route("POST", "/users/@me/channels")
async def create_dm(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``POST /users/@me/channels``: the bot's DM channel with ``recipient_id``."""
    recipient = str((call.body or {}).get("recipient_id", ""))
    if recipient not in emu.world.users:
        raise ApiError(400, 50035, "Invalid Form Body")
    return 200, emu.world.dm_channel(recipient)


@route("GET", "/oauth2/applications/@me")
@route("GET", "/applications/@me")
async def get_application(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /oauth2/applications/@me`` and ``GET /applications/@me``."""
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
    """Serve ``GET /gateway``."""
    return 200, {"url": emu.gateway_url}


@route("GET", "/gateway/bot")
async def get_gateway_bot(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``GET /gateway/bot``."""
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


_NAME = re.compile(r"^[-_'\w]{1,32}$")


def command_problems(cmd: dict[str, Any], path: str) -> list[str]:
    """Discord's limits on one chat-input command: names, descriptions, option counts (recursively)."""
    problems = []
    name = str(cmd.get("name", ""))
    if not _NAME.match(name) or (int(cmd.get("type", 1)) == 1 and name != name.lower()):
        problems.append(f"{path}.name: 1..32 lowercase word characters ({name!r})")
    if int(cmd.get("type", 1)) == 1 and not 1 <= len(str(cmd.get("description") or "")) <= 100:
        problems.append(f"{path}.description: 1..100 characters")
    options = cmd.get("options") or []
    if len(options) > 25:
        problems.append(f"{path}.options: at most 25")
    for i, opt in enumerate(options):
        problems.extend(command_problems({**opt, "type": 1}, f"{path}.options[{i}]"))
        if len(opt.get("choices") or []) > 25:
            problems.append(f"{path}.options[{i}].choices: at most 25")
    return problems


@route("GET", "/applications/{application_id}/commands")
@route("GET", "/applications/{application_id}/guilds/{guild_id}/commands")
async def get_commands(emu: DiscordEmulator, call: Call) -> Result:
    """Serve:

    ``GET /applications/{application_id}/commands``
    ``GET /applications/{application_id}/guilds/{guild_id}/commands``
    """
    return 200, emu.world.commands.get(_scope(emu, call), [])


@route("PUT", "/applications/{application_id}/commands")
@route("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")
async def put_commands(emu: DiscordEmulator, call: Call) -> Result:
    """Serve:

    ``PUT /applications/{application_id}/commands``
    ``PUT /applications/{application_id}/guilds/{guild_id}/commands``
    """
    scope = _scope(emu, call)
    if not isinstance(call.body, list) or len(call.body) > 100:
        raise invalid_form(["<body>: a list of at most 100 commands"])
    problems = [p for i, body in enumerate(call.body) for p in command_problems(body, f"[{i}]")]
    if problems:
        raise invalid_form(problems)
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
