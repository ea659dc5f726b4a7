"""Steps the check-in acceptance tests share: a guild with the check-in on, a pair, the picker, the modal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from features.checkin._rules import Score
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

#: Five valid scores by input id.
GOOD = {Score.COMMUNICATION: "8", Score.SUPPORT: "7", Score.TIME_TOGETHER: "6", Score.REPAIR: "5", Score.OVERALL: "9"}


def scores(**changed: str) -> dict[str, str]:
    """The five inputs as typed: :data:`GOOD` with ``changed`` ones replaced (by input id)."""
    return {**{score.value: value for score, value in GOOD.items()}, **changed}


async def checkin_guild(live: LiveBot) -> str:
    """The demo guild in English with the check-in on (public posts in #general) and alice+bob's pair; returns
    their room."""
    return await feature_guild(live, "checkin", public_post_channel_id=live.local.demo.general_channel_id)



async def open_picker(live: LiveBot, who: str, room: str) -> dict[str, Any]:
    """``/checkin start`` in ``room``: the picker card."""
    picker = await card_answer(live, await live.driver.run_command(who, "checkin start", channel_id=room, locale="en"))
    assert custom_ids(picker, "t1:checkin:pick:"), text_of(picker)
    return picker


async def open_modal(live: LiveBot, who: str, room: str, agreement: str = "one_date") -> InteractionRecord:
    """``/checkin start`` then ``agreement`` in the select: the interaction that opened the score modal."""
    picker = await open_picker(live, who, room)
    select = custom_ids(picker, "t1:checkin:pick:")[0]
    opened = await live.driver.select(who, picker["id"], select, [agreement], locale="en")
    assert await live.driver.wait_ack(opened)
    assert opened.modal is not None, await answer_text(live, opened)
    return opened


async def submit(live: LiveBot, who: str, opened: InteractionRecord, typed: Mapping[str, str]) -> InteractionRecord:
    """Submit the score modal ``opened`` with ``typed`` as the inputs."""
    return await live.driver.submit_modal(who, opened, typed, locale="en")


async def checkin_rows(live: LiveBot) -> list[dict[str, Any]]:
    async with live.pool.acquire() as conn:
        return [dict(r) for r in await conn.fetch("SELECT * FROM checkins")]


def panel(live: LiveBot, room: str) -> dict[str, Any] | None:
    """The Pair Home panel in the pair room, once it shows the check-in button."""
    for message in live.driver.channel_messages(room):
        if custom_ids(message, "t1:checkin:start:"):
            return message
    return None


async def panel_showing(live: LiveBot, room: str, text: str) -> dict[str, Any]:
    """Wait for the Pair Home panel to show ``text``."""

    async def probe() -> dict[str, Any] | None:
        found = panel(live, room)
        return found if found is not None and text in text_of(found) else None

    return await eventually(probe, what=f"the Pair Home panel to show {text!r}")


def posts_with(live: LiveBot, text: str) -> list[dict[str, Any]]:
    """The messages in #general (the public channel) showing ``text``."""
    return [m for m in live.driver.channel_messages(live.local.demo.general_channel_id) if text in text_of(m)]
