"""The test driver: act as a member (run a command, click, pick, submit a modal) and read what the bot did.

Interactions are built complete (every field interactions.py needs, §3.6 of the platform notes), with genuine
snowflake ids and ``member.permissions`` computed for the channel, then dispatched as INTERACTION_CREATE.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gateway.emulator._guild import Guild, normalize_overwrite
from gateway.emulator._state import ACK_DEADLINE, InteractionRecord

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator

_OPTION_TYPES = {str: 3, bool: 5, int: 4, float: 10}
#: What a bot may do in a DM: view, send, embed links, attach files, read history.
_DM_APP_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16)


class Refused(LookupError):
    """What the driver would not send, as Discord refuses it: HTTP status, JSON error code, Discord's message and
    what exactly was wrong."""

    def __init__(self, status: int, code: int, message: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail

    def body(self) -> dict[str, Any]:
        """Discord's error JSON, the message saying what was wrong."""
        return {"code": self.code, "message": f"{self.message}: {self.detail}"}


#: Option types whose value names a guild entity: user, channel, role, mentionable → the id lookup.
_ENTITY_OPTIONS: dict[int, Callable[[Driver, str], str]] = {}


class Driver:
    """Drives one :class:`DiscordEmulator` on behalf of guild members."""

    def __init__(self, emu: DiscordEmulator, guild_id: str, default_channel_id: str) -> None:
        self.emu = emu
        self.guild_id = guild_id
        self.default_channel_id = default_channel_id

    @property
    def guild(self) -> Guild:
        """The driven guild."""
        return self.emu.world.guilds[self.guild_id]

    def user_id(self, who: str) -> str:
        """A member's id from an id or a name: the username (``"alice"``), the display name or the nickname,
        any case."""
        if who in self.guild.members:
            return who
        wanted = who.casefold().lstrip("@")
        for uid, member in self.guild.members.items():
            user = self.emu.world.users[uid]
            names = (user["username"], user.get("global_name"), member.get("nick"))
            if any(name and name.casefold() == wanted for name in names):
                return uid
        raise Refused(404, 10013, "Unknown User", f"no member {who!r} in guild {self.guild_id}")

    def channel_id(self, where: str) -> str:
        """A channel's id from an id or its name (``"general"``, ``"#general"``)."""
        if where in self.guild.channels:
            return where
        wanted = where.casefold().lstrip("#")
        for cid, channel in self.guild.channels.items():
            if str(channel.get("name", "")).casefold() == wanted:
                return cid
        raise Refused(404, 10003, "Unknown Channel", f"no channel {where!r} in guild {self.guild_id}")

    def role_id(self, which: str) -> str:
        """A role's id from an id or its name (``"Moderator"``, ``"@Moderator"``)."""
        if which in self.guild.roles:
            return which
        wanted = which.casefold().lstrip("@")
        for rid, role in self.guild.roles.items():
            if str(role["name"]).casefold().lstrip("@") == wanted:
                return rid
        raise Refused(404, 10011, "Unknown Role", f"no role {which!r} in guild {self.guild_id}")

    def _mentionable_id(self, value: str) -> str:
        try:
            return self.user_id(value)
        except LookupError:
            return self.role_id(value)

    # -- building interactions ------------------------------------------------------------------------------

    def _base(
        self, kind: int, user_id: str, channel_id: str, data: dict[str, Any], locale: str
    ) -> dict[str, Any]:
        w = self.emu.world
        guild = self.guild
        channel = guild.channels[channel_id]
        member = guild.member_object(user_id, w.users)
        member["permissions"] = str(guild.permissions_in(user_id, channel_id))
        return {
            "id": w.ids.next(),
            "application_id": w.app_id,
            "token": w.new_token(),
            "version": 1,
            "type": kind,
            "guild_id": guild.id,
            "guild": {"id": guild.id, "locale": guild.preferred_locale, "features": []},
            "channel_id": channel_id,
            "channel": channel,
            "member": member,
            "locale": locale,
            "guild_locale": guild.preferred_locale,
            "app_permissions": str(guild.permissions_in(w.bot_id, channel_id)),
            "entitlements": [],
            "authorizing_integration_owners": {"0": guild.id},
            "context": 0,
            "attachment_size_limit": 10_485_760,
            "data": data,
        }

    async def _push(
        self, payload: dict[str, Any], *, source_message_id: str | None = None
    ) -> InteractionRecord:
        emu = self.emu
        rec = InteractionRecord(
            id=payload["id"],
            token=payload["token"],
            type=payload["type"],
            guild_id=payload.get("guild_id"),
            channel_id=payload["channel_id"],
            user_id=(payload.get("member") or payload)["user"]["id"],
            payload=payload,
            created=emu.now(),
            acked=asyncio.Event(),
            source_message_id=source_message_id,
        )
        emu.world.interactions[rec.id] = rec
        emu.world.by_token[rec.token] = rec
        await emu.gateway.dispatch("INTERACTION_CREATE", payload)
        return rec

    def find_command(self, name: str) -> dict[str, Any]:
        """A registered chat-input command by top-level name (guild scope first, then global)."""
        for scope in (self.guild_id, "global"):
            for cmd in self.emu.world.commands.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == 1:
                    return cmd
        raise Refused(404, 10063, "Unknown application command", f"command /{name} is not registered")

    async def run_command(
        self,
        who: str,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        channel_id: str | None = None,
        locale: str = "ru",
    ) -> InteractionRecord:
        """Run ``/command`` (``"pair create"`` for a subcommand) with ``options`` as member ``who``."""
        return await self._push(self._command_payload(who, command, options, channel_id, locale))

    async def run_dm_command(
        self, who: str, command: str, options: Mapping[str, Any] | None = None, *, locale: str = "ru"
    ) -> InteractionRecord:
        """Run ``/command`` as ``who`` in their direct messages with the bot: no guild, no member, a DM channel
        (what Discord sends for a globally registered command used outside any server)."""
        payload = self._command_payload(who, command, options, None, locale)
        uid = self.user_id(who)
        w = self.emu.world
        channel = w.dm_channel(uid)
        payload["data"].pop("guild_id", None)
        for key in ("members", "roles"):  # outside a server Discord resolves users only
            payload["data"].get("resolved", {}).pop(key, None)
        for key in ("guild_id", "guild", "member", "guild_locale"):
            payload.pop(key, None)
        payload |= {"user": w.users[uid], "channel_id": channel["id"], "channel": channel, "context": 1}
        payload["app_permissions"] = str(_DM_APP_PERMISSIONS)
        payload["authorizing_integration_owners"] = {"0": uid}
        return await self._push(payload)

    def _command_payload(
        self, who: str, command: str, options: Mapping[str, Any] | None, channel_id: str | None, locale: str
    ) -> dict[str, Any]:
        names = command.split()
        cmd = self.find_command(names[0])
        defs: Sequence[Mapping[str, Any]] = cmd.get("options") or []
        resolved: dict[str, dict[str, Any]] = {}
        leaf = self._options(options or {}, defs, names[1:], resolved)
        data: dict[str, Any] = {"id": cmd["id"], "name": names[0], "type": 1}
        if cmd.get("guild_id") == self.guild_id:
            data["guild_id"] = self.guild_id
        if leaf:
            data["options"] = leaf
        if resolved:
            data["resolved"] = resolved
        return self._base(2, self.user_id(who), channel_id or self.default_channel_id, data, locale)

    def _options(
        self,
        values: Mapping[str, Any],
        defs: Sequence[Mapping[str, Any]],
        path: list[str],
        resolved: dict[str, dict[str, Any]],
    ) -> list[dict[str, Any]]:
        if path:
            sub = next((d for d in defs if d["name"] == path[0] and d["type"] in (1, 2)), None)
            if sub is None:
                raise Refused(404, 10063, "Unknown application command", f"no subcommand {path[0]!r}")
            inner = self._options(values, sub.get("options") or [], path[1:], resolved)
            # Discord always sends a subcommand's (possibly empty) options list; interactions.py relies on it.
            return [{"type": sub["type"], "name": sub["name"], "options": inner}]
        by_name = {d["name"]: d for d in defs}
        out = []
        for name, value in values.items():
            spec = by_name.get(name)
            kind = int(spec["type"]) if spec else _OPTION_TYPES.get(type(value), 3)
            if kind in _ENTITY_OPTIONS:
                # A person types a name; Discord's client picks the entity and sends its id. An id passes as
                # is, even one that is not in the guild (a user who left: Discord resolves the user only).
                value = str(value) if str(value).isdigit() else _ENTITY_OPTIONS[kind](self, str(value))
            out.append({"type": kind, "name": name, "value": value})
            self._resolve(kind, str(value), resolved)
        return out

    def _resolve(self, kind: int, value: str, resolved: dict[str, dict[str, Any]]) -> None:
        guild, users = self.guild, self.emu.world.users
        if kind in (6, 9) and value in users:
            resolved.setdefault("users", {})[value] = users[value]
            if value in guild.members:
                member = dict(guild.members[value])
                member["permissions"] = str(guild.base_permissions(value))
                resolved.setdefault("members", {})[value] = member
        if kind in (7,) and value in guild.channels:
            ch = guild.channels[value]
            resolved.setdefault("channels", {})[value] = {
                k: ch[k] for k in ("id", "type", "name", "parent_id", "permission_overwrites")
            } | {"permissions": str(guild.base_permissions(self.emu.world.bot_id))}
        if kind in (8, 9) and value in guild.roles:
            resolved.setdefault("roles", {})[value] = guild.roles[value]

    async def click(
        self, who: str, message_id: str, custom_id: str, *, locale: str = "ru"
    ) -> InteractionRecord:
        """Click the button ``custom_id`` on a message."""
        return await self._component(who, message_id, custom_id, 2, None, locale)

    async def select(
        self, who: str, message_id: str, custom_id: str, values: Sequence[str], *, locale: str = "ru"
    ) -> InteractionRecord:
        """Pick ``values`` in the select ``custom_id`` on a message."""
        msg = self._message_or_fail(message_id)
        comp = _find_component(msg.get("components") or [], custom_id)
        kind = int(comp["type"]) if comp else 3
        return await self._component(who, message_id, custom_id, kind, list(values), locale)

    async def _component(
        self, who: str, message_id: str, custom_id: str, kind: int, values: list[str] | None, locale: str
    ) -> InteractionRecord:
        msg = self._message_or_fail(message_id)
        if _find_component(msg.get("components") or [], custom_id) is None:
            raise Refused(
                400, 50035, "Invalid Form Body",
                f"message {message_id} has no component {custom_id!r} (a later edit may have removed it)",
            )
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": kind, "id": custom_id}
        if values is not None:
            data["values"] = values
        payload = self._base(3, self.user_id(who), msg["channel_id"], data, locale)
        payload["message"] = msg
        return await self._push(payload, source_message_id=message_id)

    async def submit_modal(
        self, who: str, opened_by: InteractionRecord, values: Mapping[str, str], *, locale: str = "ru"
    ) -> InteractionRecord:
        """Submit the modal the bot opened for ``opened_by``; ``values`` by text-input custom id."""
        modal = opened_by.modal
        if modal is None:
            raise LookupError(f"interaction {opened_by.id} did not open a modal")
        rows = []
        for row in modal.get("components") or []:
            for comp in row.get("components") or []:
                cid = comp["custom_id"]
                rows.append(
                    {"type": 1, "components": [{"type": 4, "custom_id": cid, "value": values.get(cid, "")}]}
                )
        data = {"custom_id": modal["custom_id"], "components": rows, "id": modal["custom_id"]}
        payload = self._base(5, self.user_id(who), opened_by.channel_id, data, locale)
        return await self._push(payload)

    # -- what a stale client or a forged request sends -------------------------------------------------------

    async def send_command(
        self,
        who: str,
        name: str,
        options: Sequence[Mapping[str, Any]] = (),
        *,
        resolved: Mapping[str, Any] | None = None,
        channel_id: str | None = None,
        locale: str = "ru",
        autocomplete: bool = False,
    ) -> InteractionRecord:
        """Send the chat-input command ``/name`` exactly as given: Discord's option objects of any type and shape
        (subcommands nest in them) and ``resolved`` as is, and a command name nobody registered gets a new id
        (what a client that still shows a deleted command sends). ``autocomplete``: send it as the autocomplete
        request a client makes while the member types (mark the option being typed ``"focused": True``)."""
        try:
            cmd: Mapping[str, Any] = self.find_command(name)
        except LookupError:
            cmd = {"id": self.emu.world.ids.next(), "name": name}
        data: dict[str, Any] = {"id": cmd["id"], "name": name, "type": 1}
        if cmd.get("guild_id") == self.guild_id:
            data["guild_id"] = self.guild_id
        if options:
            data["options"] = [dict(o) for o in options]
        if resolved:
            data["resolved"] = dict(resolved)
        kind = 4 if autocomplete else 2
        return await self._push(
            self._base(kind, self.user_id(who), channel_id or self.default_channel_id, data, locale)
        )

    def place_message(self, channel_id: str, body: Mapping[str, Any]) -> str:
        """Put a message of the bot's into a channel without the bot sending it (one an older version of the bot
        posted, with its buttons); returns its id, for :meth:`click` and :meth:`select`."""
        mid = str(self.emu.world.new_message(channel_id, dict(body))["id"])
        self.emu.world.mark_changed()
        return mid

    async def submit_stale_modal(
        self,
        who: str,
        custom_id: str,
        values: Mapping[str, str],
        *,
        channel_id: str | None = None,
        locale: str = "ru",
    ) -> InteractionRecord:
        """Submit a modal with ``custom_id`` and text inputs ``values`` that no current interaction opened (a
        modal left open across a deploy, or a forged one)."""
        rows = [{"type": 1, "components": [{"type": 4, "custom_id": cid, "value": v}]} for cid, v in values.items()]
        data = {"custom_id": custom_id, "components": rows, "id": custom_id}
        return await self._push(self._base(5, self.user_id(who), channel_id or self.default_channel_id, data, locale))

    def _message_or_fail(self, message_id: str) -> dict[str, Any]:
        msg = self.emu.world.find_message(message_id)
        if msg is None:
            raise Refused(404, 10008, "Unknown Message", f"no message {message_id}")
        return msg

    # -- acting on the guild directly (as a moderator in the Discord client) ------------------------------------

    async def delete_message(self, channel_id: str, message_id: str) -> None:
        """Delete a message the way a moderator does in the client (the bot gets MESSAGE_DELETE)."""
        if self.emu.world.messages.get(channel_id, {}).pop(message_id, None) is None:
            raise LookupError(f"no message {message_id} in channel {channel_id}")
        self.emu.world.mark_changed()
        await self.emu.gateway.dispatch(
            "MESSAGE_DELETE", {"id": message_id, "channel_id": channel_id, "guild_id": self.guild_id}
        )

    async def delete_channel(self, channel_id: str) -> None:
        """Delete a channel the way an admin does in the client (the bot gets CHANNEL_DELETE)."""
        channel = self.guild.channels.pop(channel_id, None)
        if channel is None:
            raise LookupError(f"no channel {channel_id}")
        self.emu.world.channel_guild.pop(channel_id, None)
        self.emu.world.messages.pop(channel_id, None)
        self.emu.world.mark_changed()
        await self.emu.gateway.dispatch("CHANNEL_DELETE", channel)

    # -- observing -----------------------------------------------------------------------------------------

    async def wait_ack(self, rec: InteractionRecord, within: float = ACK_DEADLINE) -> bool:
        """Wait until the bot acknowledges ``rec``; ``False`` when it did not within ``within`` seconds."""
        try:
            await asyncio.wait_for(rec.acked.wait(), within)
        except TimeoutError:
            return False
        return not rec.late

    def failed_interactions(self) -> list[InteractionRecord]:
        """Interactions Discord would show as failed (acknowledged late or not at all within 3 s)."""
        now = self.emu.now()
        return [rec for rec in self.emu.world.interactions.values() if rec.failed(now)]

    def original(self, rec: InteractionRecord) -> dict[str, Any] | None:
        """The message the bot answered ``rec`` with."""
        mid = rec.original_message_id
        return None if mid is None else self.emu.world.find_message(mid)

    def channel_messages(self, channel_id: str) -> list[dict[str, Any]]:
        """A channel's (non-ephemeral) messages, oldest first."""
        return sorted(self.emu.world.messages.get(channel_id, {}).values(), key=lambda m: int(m["id"]))

    def channels(self, *, parent_id: str | None = None) -> list[dict[str, Any]]:
        """The guild's channels, optionally only those in one category."""
        chans = self.guild.channels.values()
        return [c for c in chans if parent_id is None or c.get("parent_id") == parent_id]

    def edit_count(self, message_id: str) -> int:
        """How many times a message was edited."""
        return self.emu.world.edit_counts[message_id]

    def permissions(self, who: str, channel_id: str) -> int:
        """A member's computed permissions in a channel."""
        return self.guild.permissions_in(self.user_id(who), channel_id)

    # -- guild changes an administrator would make in the Discord client ----------------------------------

    def add_text_channel(self, name: str, *, parent_id: str | None = None, type: int = 0) -> str:
        """Create a channel (as an admin would in the client); returns its id."""
        channel_id = str(self.emu.world.add_channel(self.guild, name, type=type, parent_id=parent_id)["id"])
        self.emu.world.mark_changed()
        return channel_id

    def set_overwrite(self, channel_id: str, who: str, *, allow: int = 0, deny: int = 0) -> None:
        """Put a member overwrite for ``who`` (a demo name, ``"bot"``, or an id) on a channel, replacing theirs."""
        target = self.emu.world.bot_id if who == "bot" else self.user_id(who)
        channel = self.guild.channels[channel_id]
        kept = [o for o in channel["permission_overwrites"] if o["id"] != target]
        channel["permission_overwrites"] = [
            *kept,
            normalize_overwrite({"id": target, "type": 1, "allow": allow, "deny": deny}),
        ]
        self.emu.world.mark_changed()

    def clear_overwrite(self, channel_id: str, who: str) -> None:
        """Remove ``who``'s member overwrite from a channel."""
        target = self.emu.world.bot_id if who == "bot" else self.user_id(who)
        channel = self.guild.channels[channel_id]
        channel["permission_overwrites"] = [o for o in channel["permission_overwrites"] if o["id"] != target]
        self.emu.world.mark_changed()

    def give_role(self, who: str, role_name: str) -> None:
        """Give a member the guild role called ``role_name`` (``"Admin"``, ``"Moderator"``)."""
        role_id = next(rid for rid, role in self.guild.roles.items() if role["name"] == role_name)
        member = self.guild.members[self.user_id(who)]
        if role_id not in member["roles"]:
            member["roles"].append(role_id)
            self.emu.world.mark_changed()

    # -- gateway faults --------------------------------------------------------------------------------------

    async def close_gateway(self, code: int = 4000) -> None:
        """Close the bot's socket with ``code``."""
        await self.emu.gateway.close_current(code)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT."""
        await self.emu.gateway.send_op({"op": 7, "d": None})

    async def invalidate_session(self) -> None:
        """Send op 9 INVALID_SESSION and forget the session."""
        await self.emu.gateway.invalidate_session()

    async def gateway_outage(self) -> None:
        """Drop the bot's socket and refuse reconnections until :meth:`end_gateway_outage`."""
        await self.emu.gateway.outage()

    def end_gateway_outage(self) -> None:
        """Accept gateway sockets again."""
        self.emu.gateway.restore()

    async def wait_connected(self, within: float = 10.0) -> None:
        """Wait until a socket is identified or resumed."""
        await asyncio.wait_for(self.emu.gateway.connected.wait(), within)


def _find_component(components: Sequence[Mapping[str, Any]], custom_id: str) -> Mapping[str, Any] | None:
    for comp in components:
        if comp.get("custom_id") == custom_id:
            return comp
        found = _find_component(comp.get("components") or [], custom_id)
        if found is None and isinstance(comp.get("accessory"), Mapping):
            found = _find_component([comp["accessory"]], custom_id)
        if found is not None:
            return found
    return None


_ENTITY_OPTIONS.update(
    {6: Driver.user_id, 7: Driver.channel_id, 8: Driver.role_id, 9: Driver._mentionable_id}
)
