"""What acceptance tests of member-facing features share: a pair with its room, and reading the bot's answers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from features.kernel._pairs import ordered_members
from gateway._rest_port import ChannelSpec, private_channel_overwrites
from gateway.emulator import InteractionRecord
from tests._bot import LiveBot
from tests._waiting import until


@dataclass(frozen=True)
class RoomPair:
    """A pair row inserted directly (``/pair create`` is another feature) and its private room."""

    id: uuid.UUID
    room_id: str
    members: tuple[str, str]


async def make_pair(bot: LiveBot, first: str = "alice", second: str = "bob") -> RoomPair:
    """Create the private room through the bot's REST port, as ``/pair create`` does, and the pair row."""
    driver, demo = bot.driver, bot.local.demo
    members = (driver.user_id(first), driver.user_id(second))
    room = await bot.runtime.rest.create_channel(
        demo.guild_id,
        ChannelSpec(
            name=f"pair-{first}-{second}",
            parent_id=demo.category_id,
            overwrites=private_channel_overwrites(demo.guild_id, members, demo.members["bot"]),
        ),
    )
    pair_id = uuid.uuid4()
    low, high = ordered_members(*members)
    await bot.pool.execute(
        "INSERT INTO pairs (id, guild_id, user_low, user_high, private_channel_id) VALUES ($1, $2, $3, $4, $5)",
        pair_id, demo.guild_id, low, high, room["id"],
    )
    return RoomPair(id=pair_id, room_id=room["id"], members=members)


def current_message(bot: LiveBot, message_id: str) -> dict[str, Any]:
    """The message as the emulator holds it now (it must exist)."""
    message = bot.driver.emu.world.find_message(message_id)
    assert message is not None, message_id
    return message


def walk(components: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component of a message, depth first (the emulator's own dicts: a test may edit them)."""
    for component in components:
        yield component
        yield from walk(component.get("components") or [])


def message_text(message: Mapping[str, Any]) -> str:
    """The content and every text display of a message, joined."""
    texts = [message.get("content") or ""]
    texts += [c["content"] for c in walk(message.get("components") or []) if c.get("type") == 10]
    return "\n".join(t for t in texts if t)


def buttons(message: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """A message's buttons and selects by custom id."""
    return {c["custom_id"]: c for c in walk(message.get("components") or []) if c.get("type") in (2, 3)}


def answers(bot: LiveBot, rec: InteractionRecord) -> list[str]:
    """The texts the bot answered ``rec`` with so far in new messages (its reply and follow-ups, not card
    updates; a deferred reply counts once its text arrived)."""
    ids = [] if rec.original_message_id in (None, rec.source_message_id) else [rec.original_message_id]
    found = [bot.driver.emu.world.find_message(mid) for mid in [*ids, *rec.followup_ids]]
    return [text for text in (message_text(m) for m in found if m is not None) if text]


async def answered(bot: LiveBot, *recs: InteractionRecord, count: int = 1) -> list[str]:
    """Wait until the bot answered ``recs`` with ``count`` texts in all (a deferred handler answers after its
    acknowledgement); return them sorted."""

    def texts() -> list[str]:
        return sorted(text for rec in recs for text in answers(bot, rec))

    async def enough() -> bool:
        return len(texts()) >= count

    await eventually(enough)
    return texts()


async def acked(bot: LiveBot, rec: InteractionRecord) -> InteractionRecord:
    """Wait for the acknowledgement and for the handler to finish answering (a deferred edit, a follow-up)."""
    assert await bot.driver.wait_ack(rec), "the interaction was not acknowledged in time"
    await settled(bot)
    return rec


async def settled(bot: LiveBot) -> None:
    """Let in-flight handler work land: a few loop turns with short sleeps until requests stop arriving."""
    emu = bot.driver.emu
    seen = -1
    while seen != emu.stats.requests:
        seen = emu.stats.requests
        await asyncio.sleep(0.1)


async def eventually(check: Callable[[], Awaitable[bool]], *, within: float = 30.0) -> None:
    """Poll ``check`` until it holds; fail after ``within`` seconds (a hang guard, not a timing assertion)."""
    await until(check, "the condition", patience=within)
