"""Steps the pair and duel acceptance tests share: configure the demo guild, act, wait for the bot's answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from features.kernel._guild_settings import set_guild_features, update_guild_settings
from gateway.emulator._state import InteractionRecord
from tests._bot import LiveBot
from tests._waiting import until

T = TypeVar("T")

#: How long a step may take on a loaded 2-core machine before the test gives up (not a performance bound).
PATIENCE = 30.0


async def eventually(probe: Callable[[], Awaitable[T | None]], *, what: str) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``what`` after :data:`PATIENCE` seconds."""
    return await until(probe, what, patience=PATIENCE)


async def answer_text(live: LiveBot, rec: InteractionRecord) -> str:
    """The text the bot finally answered ``rec`` with (after a defer, the edited original)."""
    assert await live.driver.wait_ack(rec), "interaction not acknowledged in time"

    async def probe() -> str | None:
        message = live.driver.original(rec)
        return message.get("content") or None if message is not None else None

    return await eventually(probe, what=f"the answer to interaction {rec.id}")


async def card_answer(live: LiveBot, rec: InteractionRecord) -> dict[str, Any]:
    """The card (a message with components) the bot answered ``rec`` with, or updated ``rec``'s message to."""
    assert await live.driver.wait_ack(rec)

    async def probe() -> dict[str, Any] | None:
        message = live.driver.original(rec)
        return message if message is not None and message.get("components") else None

    return await eventually(probe, what=f"the card answering interaction {rec.id}")


async def configure(live: LiveBot, **settings: str | None) -> None:
    """Write the demo guild's settings (pair category, moderator role...) and wait until the bot sees them."""
    async with live.pool.acquire() as conn:
        written = await update_guild_settings(conn, live.local.demo.guild_id, dict(settings))
    await _until_seen(live, written.version)


async def switch_features(live: LiveBot, **features: bool) -> None:
    """Switch the demo guild's features (``raid=True``...) and wait until the bot sees them."""
    async with live.pool.acquire() as conn:
        written = await set_guild_features(conn, live.local.demo.guild_id, features)
    await _until_seen(live, written.version)


async def _until_seen(live: LiveBot, version: int) -> None:
    guild_id = live.local.demo.guild_id

    async def seen() -> bool:
        return (await live.runtime.services.guilds.get(guild_id)).version >= version

    await eventually(seen, what="the bot's settings cache to see the change")


async def feature_guild(live: LiveBot, feature: str, **channels: str) -> str:
    """The demo guild in English with ``feature`` on, ``channels`` set (its card in #general, say) and
    alice+bob's pair; returns their room."""
    await configure(live, pair_category_id=live.local.demo.category_id, locale="en", **channels)
    await switch_features(live, **{feature: True})
    return await make_pair(live, "alice", "bob")


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


async def make_pair(live: LiveBot, first: str, second: str) -> str:
    driver = live.driver
    rec = await driver.run_command(
        "owner", "pair create", {"member1": driver.user_id(first), "member2": driver.user_id(second)}
    )
    await answer_text(live, rec)
    async with live.pool.acquire() as conn:
        room = await conn.fetchval(
            "SELECT private_channel_id FROM pairs WHERE $1 IN (user_low, user_high)", driver.user_id(first)
        )
    return str(room)


async def setup_duel(live: LiveBot) -> tuple[str, str]:
    """Two pairs (alice+bob, carol+owner) and a running duel with its first 5-minute round."""
    demo = live.local.demo
    await configure(live, pair_category_id=demo.category_id, locale="en")
    rooms = (await make_pair(live, "alice", "bob"), await make_pair(live, "carol", "owner"))
    started = await live.driver.run_command("owner", "duel start", {"public_channel": demo.general_channel_id})
    assert demo.general_channel_id in await answer_text(live, started)
    round_rec = await live.driver.run_command("owner", "duel round start", {"duration_minutes": 5})
    assert "Round #1 has started for **2** pairs" in await answer_text(live, round_rec)
    return rooms


def round_notice(live: LiveBot, room: str) -> tuple[str, str]:
    """The round notice in a pair room: its message id and answer button id."""
    for message in reversed(live.driver.channel_messages(room)):
        ids = custom_ids(message, "t1:duel:answer:")
        if ids:
            return message["id"], ids[0]
    raise AssertionError(f"no round notice in room {room}")


async def answer_round(live: LiveBot, who: str, room: str, text: str) -> str:
    message_id, button = round_notice(live, room)
    opened = await live.driver.click(who, message_id, button, locale="en")
    assert await live.driver.wait_ack(opened)
    assert opened.modal is not None, await answer_text(live, opened)
    submitted = await live.driver.submit_modal(who, opened, {"answer": text}, locale="en")
    return await answer_text(live, submitted)


async def rows(live: LiveBot, sql: str, *args: Any) -> list[dict[str, Any]]:
    async with live.pool.acquire() as conn:
        return [dict(r) for r in await conn.fetch(sql, *args)]


async def end_round_now(live: LiveBot, *, in_seconds: float = 0.0) -> None:
    """Move the open round's end (and its close job) to ``in_seconds`` from now and wake the workers."""
    async with live.pool.acquire() as conn:
        await conn.execute(
            "UPDATE duel_rounds SET started_at = now() - interval '1 minute',"
            " ends_at = now() + make_interval(secs => $1) WHERE status = 'active'",
            in_seconds,
        )
        await conn.execute(
            "UPDATE jobs SET run_at = now() + make_interval(secs => $1)"
            " WHERE name = 'duel.round.close' AND state = 'queued'",
            in_seconds,
        )
        await conn.execute("SELECT pg_notify('together_jobs', '* ' || extract(epoch FROM now())::text)")


async def round_closed(live: LiveBot) -> bool:
    found = await rows(live, "SELECT status FROM duel_rounds")
    return bool(found) and all(r["status"] == "closed" for r in found)
