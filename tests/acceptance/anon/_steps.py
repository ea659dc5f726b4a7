"""Steps the anonymous-question acceptance tests share: a guild with the feature on, asking, the queue, the
published question, and what the bot sent."""

from __future__ import annotations

import json
from typing import Any

from gateway.emulator._state import InteractionRecord
from tests._bot import LiveBot
from tests.acceptance._members import answers
from tests.acceptance.pairs._flows import (
    answer_text,
    card_answer,
    configure,
    custom_ids,
    eventually,
    make_moderator,
    rows,
    switch_features,
)


async def anon_guild(live: LiveBot) -> str:
    """The demo guild in English with anonymous questions on, an #anon-inbox channel and carol as moderator;
    returns the inbox channel."""
    demo = live.local.demo
    inbox = live.driver.add_text_channel("anon-inbox", parent_id=demo.category_id)
    await configure(live, anon_inbox_channel_id=inbox, moderator_role_id=demo.moderator_role_id, locale="en")
    await switch_features(live, anon=True)
    make_moderator(live, "carol")
    return inbox


async def ask(live: LiveBot, who: str, text: str) -> str:
    """``/anon ask`` and the modal with ``text``; returns the bot's answer to the submit."""
    opened = await live.driver.run_command(who, "anon ask", locale="en")
    assert await live.driver.wait_ack(opened)
    assert opened.modal is not None, await answer_text(live, opened)
    return await submit(live, who, opened, text)


async def submit(live: LiveBot, who: str, opened: InteractionRecord, text: str) -> str:
    """Submit the ask modal ``opened`` showed."""
    submitted = await live.driver.submit_modal(who, opened, {"question": text}, locale="en")
    return await answer_text(live, submitted)



async def open_queue(live: LiveBot, who: str) -> dict[str, Any]:
    """``/anon queue`` as ``who``: the queue card."""
    return await card_answer(live, await live.driver.run_command(who, "anon queue", locale="en"))


async def follow_up(live: LiveBot, rec: InteractionRecord) -> str:
    """The text of the follow-up the bot sent after updating the message ``rec`` was pressed on."""

    async def probe() -> str | None:
        texts = answers(live, rec)
        return texts[-1] if texts else None

    return await eventually(probe, what=f"the follow-up to interaction {rec.id}")


def moderation_button(queue: dict[str, Any], decision: str, index: int = 0) -> str:
    """The ``decision`` button of the ``index``-th question on a queue card."""
    return custom_ids(queue, f"t1:anon:{decision}:")[index]


def posts(live: LiveBot, inbox: str) -> list[dict[str, Any]]:
    """The published questions in the inbox."""
    return [m for m in live.driver.channel_messages(inbox) if custom_ids(m, "t1:anon:mascot:")]


async def quota_used(live: LiveBot, who: str, action: str) -> int:
    """How many units of ``action`` ``who`` spent today (0 when none)."""
    found = await rows(
        live, "SELECT count FROM command_rate_limits WHERE user_id = $1 AND action_key = $2",
        live.driver.user_id(who), action,
    )
    return int(found[0]["count"]) if found else 0


def sent_bodies(live: LiveBot) -> list[str]:
    """Every request the bot sent to the emulator so far, path and body, as text."""
    return [
        f"{r.method} {r.path} {json.dumps(r.body, ensure_ascii=False, default=str)}" for r in live.driver.emu.requests
    ]
