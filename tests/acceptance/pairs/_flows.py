"""Steps the pair and duel acceptance tests share: configure the demo guild, act, wait for the bot's answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from gateway.emulator._state import InteractionRecord
from store._guild_settings import update_guild_settings
from tests._bot import LiveBot

T = TypeVar("T")

#: How long a step may take on a loaded 2-core machine before the test gives up (not a performance bound).
PATIENCE = 30.0


async def eventually(probe: Callable[[], Awaitable[T | None]], *, what: str) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``what`` after :data:`PATIENCE` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while True:
        value = await probe()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.05)


async def answer_text(live: LiveBot, rec: InteractionRecord) -> str:
    """The text the bot finally answered ``rec`` with (after a defer, the edited original)."""
    assert await live.driver.wait_ack(rec), "interaction not acknowledged in time"

    async def probe() -> str | None:
        message = live.driver.original(rec)
        return message.get("content") or None if message is not None else None

    return await eventually(probe, what=f"the answer to interaction {rec.id}")


async def configure(live: LiveBot, **settings: str | None) -> None:
    """Write the demo guild's settings (pair category, moderator role...)."""
    async with live.pool.acquire() as conn:
        await update_guild_settings(conn, live.local.demo.guild_id, dict(settings))


def make_moderator(live: LiveBot, who: str) -> None:
    """Give ``who`` the demo guild's Moderator role."""
    demo = live.local.demo
    live.driver.guild.members[live.driver.user_id(who)]["roles"].append(demo.moderator_role_id)


def components(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component of a message, nested ones included."""
    found: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            found.append(item)
            walk(item.get("components") or [])

    walk(message.get("components") or [])
    return found


def custom_ids(message: dict[str, Any], prefix: str) -> list[str]:
    """The custom ids of a message's components that start with ``prefix``."""
    return [c["custom_id"] for c in components(message) if str(c.get("custom_id", "")).startswith(prefix)]


def text_of(message: dict[str, Any]) -> str:
    """All the text a message shows (content and every text display)."""
    parts = [message.get("content") or ""]
    parts.extend(c["content"] for c in components(message) if c.get("type") == 10)
    return "\n".join(parts)
