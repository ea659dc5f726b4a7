"""A small HTTP control surface under ``/_emulator`` so a person (or ``curl``) can act as a member offline.

``together run`` without a token connects the bot to the emulator; these routes let an operator try it:

- ``GET  /_emulator/state`` — guilds, channels, members, commands and recent messages;
- ``POST /_emulator/command`` ``{"user": "alice", "command": "ping", "options": {}}`` — run a slash command
  (``"channel": "general"`` where, ``"dm": true`` in the member's direct messages with the bot);
- ``POST /_emulator/click`` ``{"user": "bob", "message_id": "...", "custom_id": "..."}`` — click a button;
- ``POST /_emulator/select`` — same plus ``"values": [...]``; ``POST /_emulator/modal`` ``{"user",
  "interaction_id", "values": {...}}`` — submit the modal an interaction opened;
- ``POST /_emulator/locale`` ``{"user": "anna", "locale": "en-US"}`` — the member's client language.

Members, channels and roles go by name or by id everywhere (``"options": {"member1": "anna"}``, ``"channel":
"general"``); ``"locale"`` on an action overrides the member's language for that one interaction. Each action
waits for the acknowledgement (up to 3 s) and answers with it and the bot's reply message. Whatever is refused
gets Discord's error shape, ``{"code": ..., "message": ...}``, the message saying what was wrong.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from aiohttp import web

from gateway.emulator._driver import Driver, Refused
from gateway.emulator._state import InteractionRecord
from gateway.emulator._validate import DISCORD_LOCALES, modal_problems, option_problems

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.Response]]
#: JSON as a person reads it: Cyrillic as is, not as ``\\u`` escapes.
_dumps = functools.partial(json.dumps, ensure_ascii=False, default=str)


def _error(status: int, code: int, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message}, status=status, dumps=_dumps)


def _invalid(detail: str) -> Refused:
    return Refused(400, 50035, "Invalid Form Body", detail)


def refusals(handler: Handler) -> Handler:
    """Answer every refusal of ``handler`` in Discord's error shape with a message saying what was wrong."""

    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.Response:
        try:
            return await handler(request)
        except Refused as exc:
            return web.json_response(exc.body(), status=exc.status, dumps=_dumps)
        except json.JSONDecodeError as exc:
            return _error(400, 50109, f"The request body contains invalid JSON: {exc}")
        except KeyError as exc:
            return _error(400, 50035, f"Invalid Form Body: {exc.args[0]!r} is required")
        except (TypeError, ValueError, AttributeError) as exc:
            return _error(400, 50035, f"Invalid Form Body: {exc}")

    return wrapped


async def _body(request: web.Request) -> dict[str, Any]:
    data = await request.json()
    if not isinstance(data, dict):
        raise _invalid("the body must be a JSON object")
    return data


def add_control_routes(app: web.Application, emu: DiscordEmulator) -> None:
    """Mount the control routes on the emulator's application."""

    def driver() -> Driver:
        guild = next(iter(emu.world.guilds.values()), None)
        if guild is None:
            raise Refused(404, 10004, "Unknown Guild", "the emulator has no guild")
        channel = next((c for c in guild.channels.values() if c["type"] == 0), None)
        if channel is None:
            raise Refused(404, 10003, "Unknown Channel", "the emulator's guild has no text channel")
        return Driver(emu, guild.id, channel["id"])

    def acting(drv: Driver, data: Mapping[str, Any]) -> tuple[str, str]:
        """The acting member's id (by name or id; the guild's owner by default) and their locale."""
        who = data.get("user")
        uid = drv.user_id(str(who)) if who is not None else drv.guild.owner_id
        locale = data.get("locale") or emu.world.users[uid].get("locale") or drv.guild.preferred_locale
        if locale not in DISCORD_LOCALES:
            raise _invalid(f"{locale!r} is not a Discord locale (for example ru, en-US, en-GB)")
        return uid, str(locale)

    async def answer(drv: Driver, rec: InteractionRecord) -> web.Response:
        acked = await drv.wait_ack(rec)
        await asyncio.sleep(0.05)  # let a deferred reply's edit land
        body = {
            "interaction_id": rec.id,
            "acknowledged": acked,
            "ack_type": rec.ack_type,
            "ack_ms": None if rec.ack_latency is None else round(rec.ack_latency * 1000, 2),
            "reply": drv.original(rec),
            "modal": rec.modal,
        }
        return web.json_response(body, dumps=_dumps)

    async def state(request: web.Request) -> web.Response:
        w = emu.world
        return web.json_response(
            {
                "api_base": emu.api_base,
                "guilds": [
                    {
                        "id": g.id,
                        "name": g.name,
                        "channels": list(g.channels.values()),
                        "members": {uid: w.users[uid]["username"] for uid in g.members},
                        "messages": {cid: list(w.messages.get(cid, {}).values())[-20:] for cid in g.channels},
                    }
                    for g in w.guilds.values()
                ],
                "commands": w.commands,
                "violations": [v.problems for v in emu.violations],
            },
            dumps=_dumps,
        )

    @refusals
    async def command(request: web.Request) -> web.Response:
        data = await _body(request)
        drv = driver()
        uid, locale = acting(drv, data)
        names = str(data["command"]).lstrip("/").split()
        if not names:
            raise _invalid("'command' is empty")
        options = data.get("options") or {}
        if not isinstance(options, dict):
            raise _invalid("'options' must be an object of option name → value")
        problems = option_problems(drv.find_command(names[0]), names[1:], options)
        if problems:
            raise _invalid("; ".join(problems))
        if data.get("dm"):
            # In the member's direct messages with the bot: no guild, so replies follow the member's language.
            rec = await drv.run_dm_command(uid, " ".join(names), options, locale=locale)
            return await answer(drv, rec)
        where = data.get("channel") or data.get("channel_id")
        rec = await drv.run_command(
            uid,
            " ".join(names),
            options,
            channel_id=drv.channel_id(str(where)) if where else None,
            locale=locale,
        )
        return await answer(drv, rec)

    @refusals
    async def click(request: web.Request) -> web.Response:
        data = await _body(request)
        drv = driver()
        uid, locale = acting(drv, data)
        rec = await drv.click(uid, str(data["message_id"]), str(data["custom_id"]), locale=locale)
        return await answer(drv, rec)

    @refusals
    async def select(request: web.Request) -> web.Response:
        data = await _body(request)
        drv = driver()
        uid, locale = acting(drv, data)
        values = data["values"]
        if not isinstance(values, list):
            raise _invalid("'values' must be a list")
        rec = await drv.select(uid, str(data["message_id"]), str(data["custom_id"]), values, locale=locale)
        return await answer(drv, rec)

    @refusals
    async def modal(request: web.Request) -> web.Response:
        data = await _body(request)
        drv = driver()
        uid, locale = acting(drv, data)
        opened = emu.world.interactions.get(str(data["interaction_id"]))
        if opened is None:
            raise Refused(404, 10062, "Unknown interaction", f"no interaction {data['interaction_id']}")
        if opened.modal is None:
            raise _invalid(f"interaction {opened.id} did not open a modal")
        values = data.get("values") or {}
        if not isinstance(values, dict):
            raise _invalid("'values' must be an object of field custom id → text")
        problems = modal_problems(opened.modal, values)
        if problems:
            raise _invalid("; ".join(problems))
        rec = await drv.submit_modal(uid, opened, values, locale=locale)
        return await answer(drv, rec)

    @refusals
    async def locale(request: web.Request) -> web.Response:
        data = await _body(request)
        drv = driver()
        uid = drv.user_id(str(data["user"]))
        wanted = data["locale"]
        if wanted not in DISCORD_LOCALES:
            raise _invalid(f"{wanted!r} is not a Discord locale (for example ru, en-US, en-GB)")
        emu.world.users[uid]["locale"] = wanted
        emu.world.mark_changed()
        return web.json_response({"user": uid, "locale": wanted}, dumps=_dumps)

    @refusals
    async def unknown(request: web.Request) -> web.Response:
        raise Refused(404, 0, "404: Not Found", f"no control route {request.method} {request.path}")

    app.router.add_get("/_emulator/state", state)
    app.router.add_post("/_emulator/command", command)
    app.router.add_post("/_emulator/click", click)
    app.router.add_post("/_emulator/select", select)
    app.router.add_post("/_emulator/modal", modal)
    app.router.add_post("/_emulator/locale", locale)
    app.router.add_route("*", "/_emulator/{tail:.*}", unknown)
