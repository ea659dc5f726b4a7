"""Steps the horoscope acceptance tests share: a guild with the horoscope on (its card in #general), alice and
bob's pair, the card, and the ephemeral cards the bot answers with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from features.horoscope._rules import horoscope_week
from features.kernel import zone
from gateway.emulator._state import InteractionRecord
from tests._bot import LiveBot
from tests.acceptance.pairs._flows import (
    answer_text,
    card_answer,
    custom_ids,
    eventually,
    feature_guild,
    text_of,
)


async def horoscope_guild(live: LiveBot) -> str:
    """The demo guild in English with the horoscope on (its card in #general) and alice+bob's pair; returns
    their room."""
    return await feature_guild(live, "horoscope", horoscope_channel_id=live.local.demo.general_channel_id)


def this_week(live: LiveBot) -> dt.date:
    """The horoscope week now, in the live bot's default zone (the demo guild sets none)."""
    return horoscope_week(dt.datetime.now(dt.UTC), zone(live.runtime.services.default_timezone))


def cards(live: LiveBot) -> list[dict[str, Any]]:
    """The horoscope cards in #general."""
    general = live.local.demo.general_channel_id
    return [m for m in live.driver.channel_messages(general) if custom_ids(m, "t1:horoscope:read:")]


async def card_showing(live: LiveBot, text: str) -> dict[str, Any]:
    """Wait for the one card in #general to show ``text``."""

    async def probe() -> dict[str, Any] | None:
        found = cards(live)
        assert len(found) <= 1, "two horoscope cards"
        return found[0] if found and text in text_of(found[0]) else None

    return await eventually(probe, what=f"the horoscope card to show {text!r}")


async def publish_now(live: LiveBot, who: str = "owner") -> str:
    """``/horoscope publish-now``; returns the reply."""
    return await answer_text(live, await live.driver.run_command(who, "horoscope publish-now", locale="en"))



async def updated(live: LiveBot, rec: InteractionRecord, message_id: str, text: str) -> dict[str, Any]:
    """Wait until the message ``rec`` was pressed on shows ``text`` (an in-place update)."""
    assert await live.driver.wait_ack(rec)

    async def probe() -> dict[str, Any] | None:
        message = live.driver.emu.world.find_message(message_id)
        return message if message is not None and text in text_of(message) else None

    return await eventually(probe, what=f"message {message_id} to show {text!r}")


async def press(live: LiveBot, who: str, message: dict[str, Any], prefix: str) -> InteractionRecord:
    """Press the first button of ``message`` whose id starts with ``prefix``."""
    return await live.driver.click(who, message["id"], custom_ids(message, prefix)[0], locale="en")


async def choose(live: LiveBot, who: str, message_id: str, field: str, value: str) -> dict[str, Any]:
    """Pick ``value`` in the picker's ``field`` select (sign, tone, situation); returns the picker once it
    carries that choice."""
    message = live.driver.emu.world.find_message(message_id)
    assert message is not None
    select = next(i for i in custom_ids(message, "t1:horoscope:pick:") if i.split(":")[4] == field)
    rec = await live.driver.select(who, message_id, select, [value], locale="en")
    assert await live.driver.wait_ack(rec)

    async def probe() -> dict[str, Any] | None:
        now = live.driver.emu.world.find_message(message_id)
        claims = [] if now is None else custom_ids(now, "t1:horoscope:claim:")
        return now if claims and value in claims[0].split(":") else None

    return await eventually(probe, what=f"the picker to take {value!r}")


async def open_picker(live: LiveBot, who: str) -> dict[str, Any]:
    """Press "My reading" on the card; returns the ephemeral answer (the picker, or the stored reading)."""
    found = cards(live)
    assert len(found) == 1
    return await card_answer(live, await press(live, who, found[0], "t1:horoscope:read:"))


async def pick_reading(live: LiveBot, who: str, sign: str, tone: str, situation: str) -> dict[str, Any]:
    """Open the picker and choose a sign, a tone and a situation; returns the picker ready to submit."""
    picker = await open_picker(live, who)
    for field, value in (("sign", sign), ("tone", tone), ("situation", situation)):
        picker = await choose(live, who, picker["id"], field, value)
    return picker


async def claim(live: LiveBot, who: str, picker: dict[str, Any]) -> str:
    """Press "Show my reading" on ``picker``; returns the reading the picker turned into."""
    rec = await press(live, who, picker, "t1:horoscope:claim:")
    shown = await updated(live, rec, picker["id"], "Your strength.")
    return text_of(shown)
