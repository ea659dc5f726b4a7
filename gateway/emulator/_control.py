"""A small HTTP control surface under ``/_emulator`` so a person (or ``curl``) can act as a member offline.

``together run`` without a token connects the bot to the emulator; these routes let an operator try it:

- ``GET  /_emulator/state`` — guilds, channels, members, commands and recent messages;
- ``POST /_emulator/command`` ``{"user": "alice", "command": "ping", "options": {}}`` — run a slash command;
- ``POST /_emulator/click`` ``{"user": "bob", "message_id": "...", "custom_id": "..."}`` — click a button;
- ``POST /_emulator/select`` — same plus ``"values": [...]``; ``POST /_emulator/modal`` ``{"user",
  "interaction_id", "values": {...}}`` — submit the modal an interaction opened.

Each action waits for the acknowledgement (up to 3 s) and answers with it and the bot's reply message.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

from aiohttp import web

from gateway.emulator._driver import Driver
from gateway.emulator._state import InteractionRecord

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator


def add_control_routes(app: web.Application, emu: DiscordEmulator) -> None:
    """Mount the control routes on the emulator's application."""

    def driver() -> Driver:
        guild = next(iter(emu.world.guilds.values()), None)
        if guild is None:
            raise web.HTTPConflict(text="the emulator has no guild")
        channel = next((c for c in guild.channels.values() if c["type"] == 0), None)
        if channel is None:
            raise web.HTTPConflict(text="the emulator's guild has no text channel")
        return Driver(emu, guild.id, channel["id"])

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
        return web.json_response(body)

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
            dumps=lambda o: json.dumps(o, default=str),
        )

    async def command(request: web.Request) -> web.Response:
        data = await request.json()
        drv = driver()
        rec = await drv.run_command(
            data.get("user", "alice"),
            data["command"],
            data.get("options") or {},
            channel_id=data.get("channel_id"),
        )
        return await answer(drv, rec)

    async def click(request: web.Request) -> web.Response:
        data = await request.json()
        drv = driver()
        rec = await drv.click(data.get("user", "alice"), data["message_id"], data["custom_id"])
        return await answer(drv, rec)

    async def select(request: web.Request) -> web.Response:
        data = await request.json()
        drv = driver()
        rec = await drv.select(
            data.get("user", "alice"), data["message_id"], data["custom_id"], data["values"]
        )
        return await answer(drv, rec)

    async def modal(request: web.Request) -> web.Response:
        data = await request.json()
        drv = driver()
        opened = emu.world.interactions.get(str(data["interaction_id"]))
        if opened is None:
            raise web.HTTPNotFound(text="unknown interaction")
        rec = await drv.submit_modal(data.get("user", "alice"), opened, data.get("values") or {})
        return await answer(drv, rec)

    app.router.add_get("/_emulator/state", state)
    app.router.add_post("/_emulator/command", command)
    app.router.add_post("/_emulator/click", click)
    app.router.add_post("/_emulator/select", select)
    app.router.add_post("/_emulator/modal", modal)
