"""The browser client: a Discord-like page at ``/`` of the emulator, and the small JSON API it uses.

A person picks the member they act as; the page shows the channels that member can see (Discord's permission
rules), each channel's messages as the member would see them (ephemeral replies only to whom they were sent),
and acts through the same :class:`~gateway.emulator.Driver` the tests use, so the bot gets the very interactions
Discord would send. Changes reach the page as server-sent events; the page then re-reads what it shows.

- ``GET /``, ``GET /web/{file}`` — the page (plain HTML, CSS, JavaScript shipped as package data);
- ``GET /_web/view?as=<user>&channel=<id>`` — the guild as seen by a member, and one channel's timeline;
- ``GET /_web/events`` — ``text/event-stream``: a ``change`` event whenever anything visible may have changed;
- ``POST /_web/act`` — run a command, press a button, pick in a select or submit a modal, as a member.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from gateway.emulator._driver import Driver
from gateway.emulator._guild import Guild
from gateway.emulator._permissions import VIEW_CHANNEL
from gateway.emulator._state import InteractionRecord

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator

#: The page's files and their content types (nothing else is served from the package folder).
_STATIC: Final = {
    "index.html": "text/html",
    "app.css": "text/css",
    "app.js": "text/javascript",
    "markdown.js": "text/javascript",
    "components.js": "text/javascript",
}
#: How often the event stream looks for changes, and how often it sends a keep-alive comment.
_POLL_SECONDS: Final = 0.2
_KEEPALIVE_SECONDS: Final = 15.0
#: How many of a channel's latest messages the page shows.
_HISTORY: Final = 100
_FLAG_EPHEMERAL: Final = 64
#: Channel types a member can open as a text channel (text, announcement).
_TEXT_TYPES: Final = (0, 5)


def add_web_routes(app: web.Application, emu: DiscordEmulator) -> None:
    """Mount the browser client on the emulator's application."""
    closing = asyncio.Event()

    async def on_shutdown(_: web.Application) -> None:
        closing.set()  # open event streams end, so the server stops without waiting for them

    app.on_shutdown.append(on_shutdown)

    async def page(_: web.Request) -> web.Response:
        return _static_file("index.html")

    async def static(request: web.Request) -> web.Response:
        return _static_file(request.match_info["name"])

    async def view(request: web.Request) -> web.Response:
        guild = _guild(emu)
        viewer = _member_id(guild, emu, request.query.get("as") or guild.owner_id)
        body = guild_view(emu, guild, viewer)
        channel_id = request.query.get("channel")
        if channel_id and channel_id in {c["id"] for c in body["channels"]}:
            body["timeline"] = timeline(emu, guild, viewer, channel_id)
        return _json(body)

    async def events(request: web.Request) -> web.StreamResponse:
        stream = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )
        await stream.prepare(request)
        try:
            await _stream_changes(stream, emu, closing)
        except ConnectionResetError:
            pass  # the tab was closed or reloaded
        return stream

    async def act(request: web.Request) -> web.Response:
        data = await request.json()
        guild = _guild(emu)
        viewer = _member_id(guild, emu, str(data.get("as") or guild.owner_id))
        channel_id = str(data.get("channel_id") or "")
        if channel_id not in guild.channels:
            return _json({"error": "unknown channel"}, status=400)
        drv = Driver(emu, guild.id, channel_id)
        locale = str(data.get("locale") or guild.preferred_locale)
        try:
            rec = await _perform(emu, drv, viewer, channel_id, locale, data)
        except (LookupError, KeyError, ValueError) as exc:
            return _json({"error": str(exc).strip("'\"")}, status=400)
        acknowledged = await drv.wait_ack(rec)
        return _json(
            {
                "interaction_id": rec.id,
                "acknowledged": acknowledged,
                "modal": rec.modal if acknowledged else None,
            }
        )

    async def no_icon(_: web.Request) -> web.Response:
        return web.Response(status=204)  # the browser asks; answering keeps its console free of 404s

    app.router.add_get("/", page)
    app.router.add_get("/favicon.ico", no_icon)
    app.router.add_get("/web/{name}", static)
    app.router.add_get("/_web/view", view)
    app.router.add_get("/_web/events", events)
    app.router.add_post("/_web/act", act)


async def _stream_changes(stream: web.StreamResponse, emu: DiscordEmulator, closing: asyncio.Event) -> None:
    """Send ``change`` at once and whenever :func:`fingerprint` moves, a keep-alive comment now and then."""
    seen = None
    quiet = 0.0
    while not closing.is_set():
        now = fingerprint(emu)
        if now != seen:
            seen, quiet = now, 0.0
            await stream.write(b"event: change\ndata: {}\n\n")
        elif quiet >= _KEEPALIVE_SECONDS:
            quiet = 0.0
            await stream.write(b": keep-alive\n\n")
        try:
            await asyncio.wait_for(closing.wait(), _POLL_SECONDS)
        except TimeoutError:
            quiet += _POLL_SECONDS


async def _perform(
    emu: DiscordEmulator, drv: Driver, who: str, channel_id: str, locale: str, data: Mapping[str, Any]
) -> InteractionRecord:
    kind = data.get("kind")
    if kind == "command":
        return await drv.run_command(
            who, str(data["command"]), dict(data.get("options") or {}), channel_id=channel_id, locale=locale
        )
    if kind == "click":
        return await drv.click(who, str(data["message_id"]), str(data["custom_id"]), locale=locale)
    if kind == "select":
        values = [str(v) for v in data.get("values") or []]
        return await drv.select(who, str(data["message_id"]), str(data["custom_id"]), values, locale=locale)
    if kind == "modal":
        opened = emu.world.interactions.get(str(data["interaction_id"]))
        if opened is None:
            raise LookupError("this dialog is no longer open")
        fields = {str(k): str(v) for k, v in (data.get("values") or {}).items()}
        return await drv.submit_modal(who, opened, fields, locale=locale)
    raise ValueError(f"unknown action {kind!r}")


# -- what the page reads -----------------------------------------------------------------------------------------


def guild_view(emu: DiscordEmulator, guild: Guild, viewer: str) -> dict[str, Any]:
    """The guild as ``viewer`` sees it: members, roles, the channels they can view, the registered commands."""
    w = emu.world
    visible = [
        c
        for c in sorted(guild.channels.values(), key=lambda c: (int(c.get("position") or 0), int(c["id"])))
        if guild.permissions_in(viewer, c["id"]) & VIEW_CHANNEL or c["type"] == 4
    ]
    shown_categories = {c.get("parent_id") for c in visible if c["type"] != 4}
    return {
        "guild": {"id": guild.id, "name": guild.name, "locale": guild.preferred_locale, "owner_id": guild.owner_id},
        "bot_id": w.bot_id,
        "viewer": viewer,
        "members": [_member(guild, w.users, uid) for uid in guild.members],
        "roles": [
            {"id": r["id"], "name": r["name"], "color": r.get("color", 0)}
            for r in sorted(guild.roles.values(), key=lambda r: -int(r.get("position") or 0))
        ],
        "channels": [
            {"id": c["id"], "name": c.get("name") or "", "type": c["type"], "parent_id": c.get("parent_id")}
            for c in visible
            if c["type"] in _TEXT_TYPES or (c["type"] == 4 and c["id"] in shown_categories)
        ],
        "all_channels": [
            {"id": c["id"], "name": c.get("name") or "", "type": c["type"]} for c in guild.channels.values()
        ],
        "commands": [
            cmd for scope in (guild.id, "global") for cmd in w.commands.get(scope, []) if cmd.get("type", 1) == 1
        ],
    }


def _member(guild: Guild, users: Mapping[str, Mapping[str, Any]], uid: str) -> dict[str, Any]:
    user = users.get(uid, {})
    member = guild.members[uid]
    return {
        "id": uid,
        "username": user.get("username", uid),
        "name": member.get("nick") or user.get("global_name") or user.get("username") or uid,
        "bot": bool(user.get("bot")),
        "owner": uid == guild.owner_id,
        "roles": [guild.roles[r]["name"] for r in member.get("roles", []) if r in guild.roles],
    }


def timeline(emu: DiscordEmulator, guild: Guild, viewer: str, channel_id: str) -> list[dict[str, Any]]:
    """One channel as ``viewer`` sees it, oldest first: its messages, the ephemeral replies sent to ``viewer``
    there, and a "this interaction failed" entry for each of ``viewer``'s interactions the bot left unanswered."""
    w = emu.world
    entries: dict[str, dict[str, Any]] = {}
    for msg in sorted(w.messages.get(channel_id, {}).values(), key=lambda m: int(m["id"]))[-_HISTORY:]:
        entries[msg["id"]] = {"kind": "message", "message": msg, "used": _used(emu, msg)}
    now = emu.now()
    for rec in list(w.interactions.values()):
        if rec.channel_id != channel_id or rec.user_id != viewer:
            continue
        for mid in _reply_ids(rec):
            reply = w.webhook_messages.get(mid)
            if reply is not None and int(reply.get("flags") or 0) & _FLAG_EPHEMERAL:
                entries[mid] = {"kind": "message", "message": reply, "used": _used(emu, reply)}
        if rec.failed(now):
            entries[rec.id] = {"kind": "failed", "id": rec.id, "what": _what(rec)}
    return [entries[key] for key in sorted(entries, key=int)]


def _reply_ids(rec: InteractionRecord) -> Iterator[str]:
    if rec.original_message_id is not None:
        yield rec.original_message_id
    yield from rec.followup_ids


def _used(emu: DiscordEmulator, msg: Mapping[str, Any]) -> dict[str, Any] | None:
    """ "alice used /pair create" above an interaction's reply, as Discord shows it."""
    meta = msg.get("interaction_metadata")
    if not isinstance(meta, Mapping):
        return None
    rec = emu.world.interactions.get(str(meta.get("id")))
    user = meta.get("user") or {}
    return {"user_id": user.get("id"), "command": _what(rec) if rec is not None and rec.type == 2 else None}


def _what(rec: InteractionRecord) -> str:
    """A command's full name (``pair create``), or empty for a component or a modal."""
    if rec.type != 2:
        return ""
    data = rec.payload.get("data") or {}
    parts = [str(data.get("name", ""))]
    options = data.get("options") or []
    while options and options[0].get("type") in (1, 2):
        parts.append(str(options[0]["name"]))
        options = options[0].get("options") or []
    return " ".join(parts)


def fingerprint(emu: DiscordEmulator) -> tuple[int, ...]:
    """Changes whenever something the page shows may have changed: any REST call of the bot, any new
    interaction or message, any edit, and an interaction turning into a failure when its 3 seconds pass."""
    w = emu.world
    now = emu.now()
    recent = list(w.interactions.values())[-50:]
    return (
        emu.stats.requests,
        len(w.interactions),
        len(w.webhook_messages),
        sum(len(m) for m in w.messages.values()),
        sum(w.edit_counts.values()),
        sum(1 for rec in recent if rec.failed(now)),
        sum(len(g.channels) + len(g.members) for g in w.guilds.values()),
    )


# -- helpers -----------------------------------------------------------------------------------------------------


def _guild(emu: DiscordEmulator) -> Guild:
    guild = next(iter(emu.world.guilds.values()), None)
    if guild is None:
        raise web.HTTPConflict(text="the emulator has no guild")
    return guild


def _member_id(guild: Guild, emu: DiscordEmulator, who: str) -> str:
    if who in guild.members:
        return who
    for uid in guild.members:
        if emu.world.users.get(uid, {}).get("username") == who:
            return uid
    raise web.HTTPNotFound(text=f"no member {who!r}")


def _static_file(name: str) -> web.Response:
    ctype = _STATIC.get(name)
    if ctype is None:
        raise web.HTTPNotFound()
    body = resources.files("gateway.emulator").joinpath("web", name).read_bytes()
    return web.Response(body=body, content_type=ctype, charset="utf-8", headers={"Cache-Control": "no-cache"})


def _json(body: Any, status: int = 200) -> web.Response:
    # Cyrillic stays readable in the answer (ensure_ascii off), and ids stay strings as Discord sends them.
    return web.Response(
        text=json.dumps(body, ensure_ascii=False, default=str), status=status, content_type="application/json"
    )
