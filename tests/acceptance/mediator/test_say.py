"""/say end to end: the modal, three rewrites, tone choice, and a send to the pair room that happens once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from features.mediator._content import SayTone, default_say
from features.mediator._ids import say_send_id, say_tone_id
from features.mediator._say_rules import build_say_variants
from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance._members import (
    acked,
    answered,
    answers,
    buttons,
    current_message,
    eventually,
    make_pair,
    message_text,
)

pytestmark = pytest.mark.anyio

TR = default_translator()
TEXT = "Мне обидно, когда ты опаздываешь и не предупреждаешь"


async def _draft(live: LiveBot, who: str, *, channel_id: str | None = None) -> dict[str, Any]:
    opened = await acked(live, await live.driver.run_command(who, "say", channel_id=channel_id))
    assert opened.modal is not None and opened.modal["custom_id"] == "t1:say:submit"
    submitted = await acked(live, await live.driver.submit_modal(who, opened, {"source": TEXT}))
    card = live.driver.original(submitted)
    assert card is not None
    return card


async def test_say_rewrites_then_sends_once_under_a_double_click(live: LiveBot) -> None:
    pair = await make_pair(live)
    card = await _draft(live, "alice")
    variants = build_say_variants(TEXT, "ru", default_say())
    for text in (variants.soft, variants.direct, variants.short):
        assert text.splitlines()[0] in message_text(card)
    (draft_id,) = await live.pool.fetchval("SELECT array_agg(id) FROM mediator_say_sessions")
    assert await live.pool.fetchval("SELECT pair_id FROM mediator_say_sessions") == pair.id

    tone = await acked(live, await live.driver.click("alice", card["id"], say_tone_id(draft_id, SayTone.DIRECT)))
    assert tone.ack_type == 7
    assert buttons(current_message(live, card["id"]))[say_tone_id(draft_id, SayTone.DIRECT)]["style"] == 1

    send = say_send_id(draft_id)
    first, second = await asyncio.gather(
        live.driver.click("alice", card["id"], send), live.driver.click("alice", card["id"], send)
    )
    await acked(live, first)
    await acked(live, second)
    already = TR.text("ru", "say.reply.already_sent")
    # The click that lost waits for the winner's commit, so by its answer the post is in the room.
    assert await answered(live, first, second) == [already]
    (posted,) = live.driver.channel_messages(pair.room_id)
    assert variants.direct in message_text(posted)
    assert f"<@{pair.members[0]}>" in message_text(posted)

    async def send_disabled() -> bool:
        shown = live.driver.emu.world.find_message(card["id"])
        return shown is not None and buttons(shown)[send].get("disabled") is True

    await eventually(send_disabled)
    row = await live.pool.fetchrow("SELECT sent_to_pair_at, sent_message_id FROM mediator_say_sessions")
    assert row is not None
    assert row["sent_to_pair_at"] is not None and row["sent_message_id"] == posted["id"]

    again = await acked(live, await live.driver.click("alice", card["id"], send))
    assert await answered(live, again) == [already]
    assert len(live.driver.channel_messages(pair.room_id)) == 1


async def test_say_without_a_pair_offers_no_send_and_refuses_one(live: LiveBot) -> None:
    card = await _draft(live, "carol")
    draft_id = await live.pool.fetchval("SELECT id FROM mediator_say_sessions")
    send = buttons(card)[say_send_id(draft_id)]
    assert send.get("disabled") is True
    refused = await acked(live, await live.driver.click("carol", card["id"], say_send_id(draft_id)))
    assert await answered(live, refused) == [TR.text("ru", "say.reply.no_pair_room")]
    assert await live.pool.fetchval("SELECT count(*) FROM op_dedup") == 0


async def test_someone_elses_draft_is_not_theirs_to_touch(live: LiveBot) -> None:
    await make_pair(live)
    card = await _draft(live, "alice")
    draft_id = await live.pool.fetchval("SELECT id FROM mediator_say_sessions")
    forged = await acked(live, await live.driver.click("bob", card["id"], say_send_id(draft_id)))
    assert await answered(live, forged) == [TR.text("ru", "say.reply.expired")]
    tone = await acked(live, await live.driver.click("bob", card["id"], say_tone_id(draft_id, SayTone.SHORT)))
    assert await answered(live, tone) == [TR.text("ru", "say.reply.expired")]
    assert await live.pool.fetchval("SELECT selected_tone FROM mediator_say_sessions") == "soft"
    assert await live.pool.fetchval("SELECT sent_to_pair_at FROM mediator_say_sessions") is None


async def test_too_short_text_is_refused_with_nothing_stored(live: LiveBot) -> None:
    opened = await acked(live, await live.driver.run_command("alice", "say"))
    submitted = await acked(live, await live.driver.submit_modal("alice", opened, {"source": " a "}))
    assert await answered(live, submitted) == [TR.text("ru", "error.say_length", min=2, max=320)]
    assert await live.pool.fetchval("SELECT count(*) FROM mediator_say_sessions") == 0


async def test_a_failed_send_can_be_retried(live: LiveBot) -> None:
    pair = await make_pair(live)
    card = await _draft(live, "alice")
    draft_id = await live.pool.fetchval("SELECT id FROM mediator_say_sessions")
    live.local.emulator.inject(404, method="POST", template="/channels/{channel_id}/messages", times=1)
    failed = await acked(live, await live.driver.click("alice", card["id"], say_send_id(draft_id)))
    assert await answered(live, failed) == [TR.text("ru", "say.reply.room_unavailable")]
    assert await live.pool.fetchval("SELECT sent_to_pair_at FROM mediator_say_sessions") is None
    assert await live.pool.fetchval("SELECT count(*) FROM op_dedup") == 0

    retried = await acked(live, await live.driver.click("alice", card["id"], say_send_id(draft_id)))

    async def sent() -> bool:
        return await live.pool.fetchval("SELECT sent_to_pair_at FROM mediator_say_sessions") is not None

    await eventually(sent)
    assert len(live.driver.channel_messages(pair.room_id)) == 1
    assert answers(live, retried) == []  # the card itself says it was sent


async def test_a_guild_set_to_english_gets_english_rewrites_and_card(live: LiveBot) -> None:
    await live.pool.execute(
        "INSERT INTO guild_settings (guild_id, locale) VALUES ($1, 'en')", live.local.demo.guild_id
    )
    text = "It hurts when you are late and do not tell me"
    opened = await acked(live, await live.driver.run_command("alice", "say"))
    assert opened.modal is not None and opened.modal["title"] == TR.text("en", "say.modal.title")
    submitted = await acked(live, await live.driver.submit_modal("alice", opened, {"source": text}))
    card = live.driver.original(submitted)
    assert card is not None
    shown = message_text(card)
    assert TR.text("en", "say.result.title") in shown
    assert build_say_variants(text, "en", default_say()).soft in shown.replace("> ", "")
    assert await live.pool.fetchval("SELECT locale FROM mediator_say_sessions") == "en"


@pytest.mark.parametrize("source", ["", "  \n\t  ", "я" * 321])
async def test_blank_or_over_long_text_is_refused_with_nothing_stored(live: LiveBot, source: str) -> None:
    opened = await acked(live, await live.driver.run_command("alice", "say"))
    submitted = await acked(live, await live.driver.submit_modal("alice", opened, {"source": source}))
    assert await answered(live, submitted) == [TR.text("ru", "error.say_length", min=2, max=320)]
    assert await live.pool.fetchval("SELECT count(*) FROM mediator_say_sessions") == 0


async def test_text_at_the_length_limit_is_accepted(live: LiveBot) -> None:
    opened = await acked(live, await live.driver.run_command("alice", "say"))
    submitted = await acked(live, await live.driver.submit_modal("alice", opened, {"source": "я" * 320}))
    assert live.driver.original(submitted) is not None
    assert await live.pool.fetchval("SELECT count(*) FROM mediator_say_sessions") == 1


async def test_a_send_discord_is_slow_to_take_is_on_its_way_and_goes_out_once(live: LiveBot) -> None:
    pair = await make_pair(live)
    card = await _draft(live, "alice")
    draft_id = await live.pool.fetchval("SELECT id FROM mediator_say_sessions")
    send = say_send_id(draft_id)
    live.local.emulator.inject(503, method="POST", template="/channels/{channel_id}/messages", times=1)
    slow = await acked(live, await live.driver.click("alice", card["id"], send))
    assert await answered(live, slow) == [TR.text("ru", "effect.reply.pending")]
    assert live.driver.channel_messages(pair.room_id) == []
    assert await live.pool.fetchval("SELECT status FROM scheduled_posts WHERE kind = 'say_send'") == "pending"

    # The effects job (due one lease later) performs it; here it is run at once.
    services = live.runtime.services
    assert await services.effects.sweep(services, live.local.demo.guild_id, owner="job:test") is None
    (posted,) = live.driver.channel_messages(pair.room_id)
    row = await live.pool.fetchrow("SELECT sent_message_id FROM mediator_say_sessions")
    assert row is not None and row["sent_message_id"] == posted["id"]

    again = await acked(live, await live.driver.click("alice", card["id"], send))
    assert await answered(live, again) == [TR.text("ru", "say.reply.already_sent")]
    assert len(live.driver.channel_messages(pair.room_id)) == 1
