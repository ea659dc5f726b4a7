"""Steps the raid acceptance tests share: a guild with the raid on, a pair, a running raid and its surfaces."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from features.kernel import zone
from features.raids._ids import confirm_id
from features.raids._rules import raid_day
from tests._bot import LiveBot
from tests.acceptance.pairs._flows import (
    answer_text,
    card_answer,
    custom_ids,
    eventually,
    feature_guild,
    rows,
    text_of,
)


async def raid_guild(live: LiveBot) -> str:
    """The demo guild in English with the raid on (its card in #general) and alice+bob's pair; returns their
    room."""
    return await feature_guild(live, "raid", raid_channel_id=live.local.demo.general_channel_id)


def card(live: LiveBot) -> dict[str, Any] | None:
    """The raid's progress card in #general, if posted."""
    found = [m for m in live.driver.channel_messages(live.local.demo.general_channel_id) if custom_ids(m, "t1:raid:")]
    assert len(found) <= 1, "two progress cards"
    return found[0] if found else None


async def card_showing(live: LiveBot, text: str) -> dict[str, Any]:
    """Wait for the progress card to show ``text``."""

    async def probe() -> dict[str, Any] | None:
        message = card(live)
        return message if message is not None and text in text_of(message) else None

    return await eventually(probe, what=f"the progress card to show {text!r}")


async def start_raid(live: LiveBot, goal: int = 100) -> dict[str, Any]:
    """``/raid start goal`` by the owner; returns the raid row once its card is up."""
    rec = await live.driver.run_command("owner", "raid start", {"goal": goal}, locale="en")
    assert "The raid has started" in await answer_text(live, rec)
    await card_showing(live, f"0 / {goal}")
    raid = (await rows(live, "SELECT * FROM raids WHERE status = 'active'"))[0]
    return raid



async def claim_first_quest(live: LiveBot, who: str = "alice") -> tuple[str, dict[str, Any]]:
    """``/raid quests`` then the first claim button; returns the reply and the claimed quest's row."""
    listing = await card_answer(live, await live.driver.run_command(who, "raid quests", locale="en"))
    buttons = custom_ids(listing, "t1:raid:claim:")
    assert len(buttons) == 3
    rec = await live.driver.click(who, listing["id"], buttons[0], locale="en")
    reply = await answer_text(live, rec)
    claims = await rows(live, "SELECT * FROM raid_claims ORDER BY created_at DESC LIMIT 1")
    return reply, claims[0]


def prompt(live: LiveBot, room: str, claim: uuid.UUID) -> tuple[str, str]:
    """The confirmation prompt of a claim in the pair room: its message id and button."""
    wanted = confirm_id(claim)
    for message in live.driver.channel_messages(room):
        if wanted in custom_ids(message, "t1:raid:confirm:"):
            return message["id"], wanted
    raise AssertionError("no confirmation prompt in the pair room")


def today() -> str:
    """The guild's day now (the live bot's default timezone)."""
    return raid_day(dt.datetime.now(dt.UTC), zone("Asia/Almaty"))
