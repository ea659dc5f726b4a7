"""The emulator's world on disk: one JSON file in the bot's data folder, so a restart keeps the same guild.

What a person sees survives (users, the guild with its roles, members, channels and overwrites, messages with
their pins and edit counts, direct-message channels, registered commands, recent nonces and the id counter);
interactions and tokens do not, as on Discord, where they expire within 15 minutes anyway. Writes are atomic
(a temporary file renamed over the old one), so a crash mid-write leaves the previous world intact, and they are
debounced: a burst of changes is written once, shortly after it ends, and once more on stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, Final

from gateway.emulator._guild import Guild
from gateway.emulator._state import DemoGuild, World

logger = logging.getLogger(__name__)

#: Bumped when the file's layout changes in a way older code cannot read.
FORMAT_VERSION: Final = 1
#: The file's name inside ``DATA_DIR``.
WORLD_FILE: Final = "emulator-world.json"
#: Seconds to wait after a change before writing, so a burst of changes is one write.
DEBOUNCE_SECONDS: Final = 0.5

_EPHEMERAL: Final = 64


class WorldFileError(Exception):
    """The world file exists but cannot be read; the message names the file and the problem."""


def dump_world(world: World, demo: DemoGuild, now: float) -> dict[str, Any]:
    """Everything a restart must keep, as JSON-ready data; ``now`` is the emulator clock (for nonce ages)."""
    wall = time.time()
    return {
        "version": FORMAT_VERSION,
        "app_id": world.app_id,
        "last_id": world.ids.last,
        "demo": asdict(demo),
        "users": world.users,
        "guilds": [
            {
                "id": g.id,
                "name": g.name,
                "owner_id": g.owner_id,
                "preferred_locale": g.preferred_locale,
                "roles": g.roles,
                "channels": g.channels,
                "members": g.members,
            }
            for g in world.guilds.values()
        ],
        "messages": {cid: list(msgs.values()) for cid, msgs in world.messages.items()},
        # Messages outside guild channels (direct messages); ephemeral replies die with their interaction.
        "direct_messages": [
            m for m in world.webhook_messages.values() if not int(m.get("flags", 0)) & _EPHEMERAL
        ],
        "dm_channels": world.dm_channels,
        "edit_counts": dict(world.edit_counts),
        "commands": world.commands,
        # Nonce times are on the monotonic clock, which restarts with the process: store them as wall time.
        "nonces": [
            [channel, author, nonce, mid, wall - (now - at)]
            for (channel, author, nonce), (mid, at) in world.nonces.items()
        ],
    }


def load_world(world: World, data: dict[str, Any], now: float) -> DemoGuild:
    """Put ``data`` (from :func:`dump_world`) into ``world`` in place; returns the demo guild's ids."""
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(f"unknown format version {data.get('version')!r} (this bot reads {FORMAT_VERSION})")
    world.app_id = world.bot_id = str(data["app_id"])
    world.ids.resume_after(int(data["last_id"]))
    world.users = dict(data["users"])
    world.guilds = {}
    world.channel_guild = {}
    world.messages = {}
    for g in data["guilds"]:
        guild = Guild(
            id=g["id"], name=g["name"], owner_id=g["owner_id"], preferred_locale=g["preferred_locale"],
            roles=g["roles"], channels=g["channels"], members=g["members"],
        )
        world.guilds[guild.id] = guild
        for cid in guild.channels:
            world.channel_guild[cid] = guild.id
            world.messages[cid] = {}
    for cid, msgs in data["messages"].items():
        if cid in world.messages:
            world.messages[cid] = {m["id"]: m for m in msgs}
    world.webhook_messages = {m["id"]: m for m in data.get("direct_messages", [])}
    world.dm_channels = dict(data.get("dm_channels", {}))
    world.edit_counts = Counter(data.get("edit_counts", {}))
    world.commands = dict(data.get("commands", {}))
    wall = time.time()
    world.nonces = {
        (channel, author, nonce): (mid, now - (wall - at)) for channel, author, nonce, mid, at in data.get("nonces", [])
    }
    return DemoGuild(**data["demo"])


def read_world_file(path: Path, world: World, now: float) -> DemoGuild | None:
    """Load ``path`` into ``world``; ``None`` when there is no file yet (a fresh data folder)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return load_world(world, json.loads(raw), now)
    except (ValueError, KeyError, TypeError) as exc:
        raise WorldFileError(
            f"cannot read the emulator's world from {path}: {exc}; move the file away to start a new world"
        ) from exc


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: write a temporary file beside it, flush it, rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class Autosave:
    """Writes the world to its file shortly after each change (debounced) and once more on :meth:`close`."""

    def __init__(
        self,
        world: World,
        demo: DemoGuild,
        path: Path,
        clock: Callable[[], float],
        *,
        debounce: float = DEBOUNCE_SECONDS,
    ) -> None:
        self._world = world
        self._demo = demo
        self._path = path
        self._clock = clock
        self._debounce = debounce
        self._saved_revision = -1
        self._pending: asyncio.TimerHandle | None = None

    def start(self) -> None:
        """Write the world now and follow its changes from here on."""
        self.save()
        self._world.on_change = self._changed

    def _changed(self) -> None:
        if self._pending is None:
            self._pending = asyncio.get_running_loop().call_later(self._debounce, self._debounced)

    def _debounced(self) -> None:
        self._pending = None
        try:
            self.save()
        except OSError:
            # The next change (or the stop) tries again; the previous file is intact (the write is atomic).
            logger.exception("could not save the emulator's world", extra={"path": str(self._path)})

    def save(self) -> None:
        """Write the world if it changed since the last write."""
        revision = self._world.revision
        if revision == self._saved_revision:
            return
        data = dump_world(self._world, self._demo, self._clock())
        write_atomic(self._path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        self._saved_revision = revision

    def close(self) -> None:
        """Stop following changes and write what is not written yet."""
        self._world.on_change = None
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self.save()
