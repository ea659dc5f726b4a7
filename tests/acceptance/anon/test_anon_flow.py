"""Anonymous questions end to end through the emulator: a member asks, a moderator approves, the question is
published with its buttons, and nothing the bot sends along the way names the author."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import uuid
from typing import Any

import pytest

from features.anon._answers import Theme, answer_catalogue
from features.anon._render import render_published, render_queue
from features.anon._rules import MASCOT_QUOTA, PROPOSE_QUOTA, Question, queue_page, text_hash
from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance.anon._steps import (
    anon_guild,
    ask,
    follow_up,
    moderation_button,
    open_queue,
    posts,
    quota_used,
    sent_bodies,
    submit,
)
from tests.acceptance.pairs._flows import answer_text, components, custom_ids, eventually, rows, text_of

pytestmark = pytest.mark.anyio

_CODE = re.compile(r"`([2-9A-HJKMNP-Z]{6})`")


async def test_a_question_is_queued_with_a_short_request_id(live: LiveBot) -> None:
    await anon_guild(live)
    reply = await ask(live, "alice", "  How do you keep date night going after a baby?  ")
    assert "queued for moderation" in reply and "5 more questions today" in reply
    code = _CODE.search(reply)
    assert code is not None, reply
    stored = await rows(live, "SELECT * FROM anon_questions")
    assert len(stored) == 1
    assert stored[0]["request_code"] == code.group(1)
    assert stored[0]["question_text"] == "How do you keep date night going after a baby?"
    assert stored[0]["status"] == "pending"

    short = await ask(live, "alice", " ? ")
    assert short == "A question needs 2 to 400 characters."
    assert len(await rows(live, "SELECT id FROM anon_questions")) == 1
    assert await quota_used(live, "alice", PROPOSE_QUOTA) == 1


async def test_the_feature_off_refuses_before_the_modal(live: LiveBot) -> None:
    opened = await live.driver.run_command("alice", "anon ask", locale="en")
    assert opened.modal is None
    # The guild is Russian by default: the feature's name and that an admin switched it off.
    assert await answer_text(live, opened) == "Функция «Анонимные вопросы» выключена администратором."
    assert await rows(live, "SELECT id FROM anon_questions") == []


async def test_pending_and_daily_limits_at_the_boundary_and_a_repeat_costs_nothing(live: LiveBot) -> None:
    await anon_guild(live)
    for n in range(1, 4):
        assert "queued for moderation" in await ask(live, "alice", f"Question number {n}?")
    refused = await ask(live, "alice", "Question number 4?")
    assert refused.startswith("You already have 3 questions waiting for moderation.")
    assert re.search(r"<t:\d+:R>", refused), refused
    assert await quota_used(live, "alice", PROPOSE_QUOTA) == 3  # the refused one spent nothing

    repeat = await ask(live, "alice", "Question number 1?")
    assert repeat.startswith("You have already sent this question today (request `")
    assert await quota_used(live, "alice", PROPOSE_QUOTA) == 3

    # Moderators deal with the three: the pending limit no longer holds, the daily one does after six.
    await live.pool.execute("UPDATE anon_questions SET status = 'rejected'")
    for n in (4, 5):
        assert "queued for moderation" in await ask(live, "alice", f"Question number {n}?")
    last = await ask(live, "alice", "Question number 6?")
    assert "queued for moderation" in last and "That was your last question for today." in last
    await live.pool.execute("UPDATE anon_questions SET status = 'rejected' WHERE question_text = 'Question number 4?'")

    spent = await ask(live, "alice", "Question number 7?")
    assert spent.startswith("That's all the questions for today (6 a day). You can ask again <t:"), spent
    assert await quota_used(live, "alice", PROPOSE_QUOTA) == 6
    # A repeat is still told apart from a new question once the quota is spent.
    assert (await ask(live, "alice", "Question number 6?")).startswith("You have already sent this question today")
    assert len(await rows(live, "SELECT id FROM anon_questions")) == 6
    # Another member's day is their own.
    assert "queued for moderation" in await ask(live, "bob", "Question number 7?")


async def test_the_queue_pages_newest_first_and_an_approval_publishes_the_question(live: LiveBot) -> None:
    inbox = await anon_guild(live)
    for n in range(1, 4):
        await ask(live, "alice", f"Alice asks {n}?")
    for n in range(1, 3):
        await ask(live, "bob", f"Bob asks {n}?")

    stranger = await live.driver.run_command("bob", "anon queue", locale="en")
    assert "moderator" in (await answer_text(live, stranger)).lower()

    first = await open_queue(live, "carol")
    shown = text_of(first)
    assert "5 questions waiting for moderation · page 1 of 2" in shown
    assert shown.index("1. `") < shown.index("Bob asks 2?") < shown.index("Bob asks 1?") < shown.index("Alice asks 3?")
    assert "Alice asks 2?" not in shown
    assert len(custom_ids(first, "t1:anon:approve:")) == 3
    previous, following = custom_ids(first, "t1:anon:page:")
    buttons = {b["custom_id"]: b for b in _buttons(first)}
    assert buttons[previous].get("disabled") is True and not buttons[following].get("disabled")

    turned = await live.driver.click("carol", first["id"], following, locale="en")
    assert await live.driver.wait_ack(turned)
    second = await _message_showing(live, first["id"], "page 2 of 2")
    assert "4. `" in text_of(second) and "Alice asks 1?" in text_of(second)
    assert len(custom_ids(second, "t1:anon:approve:")) == 2

    approved = await live.driver.click("carol", first["id"], moderation_button(second, "approve", 1), locale="en")
    feedback = await follow_up(live, approved)
    assert feedback.startswith("Question `") and f"approved and published in <#{inbox}>" in feedback
    published = posts(live, inbox)
    assert len(published) == 1
    assert "Question of the day" in text_of(published[0]) and "Alice asks 1?" in text_of(published[0])
    row = (await rows(live, "SELECT * FROM anon_questions WHERE question_text = 'Alice asks 1?'"))[0]
    assert row["status"] == "published" and row["published_message_id"] == published[0]["id"]
    # The page the moderator was on shrank to the last one and now holds the four left.
    after = await _message_showing(live, first["id"], "4 questions waiting for moderation")
    assert "Alice asks 1?" not in text_of(after)

    rejected = await live.driver.click("carol", first["id"], moderation_button(after, "reject", 0), locale="en")
    assert "is rejected; it will not be published" in await follow_up(live, rejected)
    assert len(posts(live, inbox)) == 1
    statuses = [r["status"] for r in await rows(live, "SELECT status FROM anon_questions")]
    assert statuses.count("rejected") == 1 and statuses.count("pending") == 3


async def test_two_moderators_deciding_at_once_one_wins(live: LiveBot) -> None:
    inbox = await anon_guild(live)
    await ask(live, "alice", "Is it normal to argue about chores every week?")
    owners, carols = await open_queue(live, "owner"), await open_queue(live, "carol")
    approve = moderation_button(owners, "approve")
    reject = moderation_button(carols, "reject")
    recs = await asyncio.gather(
        live.driver.click("owner", owners["id"], approve, locale="en"),
        live.driver.click("carol", carols["id"], reject, locale="en"),
    )
    feedback = [await follow_up(live, rec) for rec in recs]
    told_late = [text for text in feedback if text == "Another moderator has already dealt with this question."]
    assert len(told_late) == 1, feedback
    status = (await rows(live, "SELECT status FROM anon_questions"))[0]["status"]
    if status == "rejected":
        assert posts(live, inbox) == []
    else:
        assert status == "published" and len(posts(live, inbox)) == 1
    effects = await rows(live, "SELECT * FROM scheduled_posts WHERE kind = 'anon_question'")
    assert len(effects) == (0 if status == "rejected" else 1)


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in components(message) if c.get("type") == 2]


async def _message_showing(live: LiveBot, message_id: str, text: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        message = live.driver.emu.world.find_message(message_id)
        return message if message is not None and text in text_of(message) else None

    return await eventually(probe, what=f"the message to show {text!r}")


async def _publish(live: LiveBot, inbox: str, who: str, text: str) -> dict[str, Any]:
    """``who`` asks ``text``, the owner approves it; returns the published message."""
    await ask(live, who, text)
    queue = await open_queue(live, "owner")
    approved = await live.driver.click("owner", queue["id"], moderation_button(queue, "approve"), locale="en")
    assert "approved and published" in await follow_up(live, approved)

    async def probe() -> dict[str, Any] | None:
        found = [m for m in posts(live, inbox) if text in text_of(m)]
        return found[0] if found else None

    return await eventually(probe, what=f"{text!r} published")


async def test_the_published_question_asks_again_and_the_mascot_answers_once_a_day(live: LiveBot) -> None:
    inbox = await anon_guild(live)
    post = await _publish(live, inbox, "alice", "We keep fighting about money. How do we stop?")
    ask_button = custom_ids(post, "t1:anon:ask")[0]
    mascot_button = custom_ids(post, "t1:anon:mascot:")[0]

    opened = await live.driver.click("bob", post["id"], ask_button, locale="en")
    assert await live.driver.wait_ack(opened)
    assert opened.modal is not None
    assert "queued for moderation" in await submit(live, "bob", opened, "How often do you say I love you?")

    first = await answer_text(live, await live.driver.click("carol", post["id"], mascot_button, locale="en"))
    assert first.startswith("**The mascot says:**\n")
    themes = answer_catalogue()
    repair = next(t for t in themes if t.theme is Theme.REPAIR)
    assert first.split("\n")[1] in repair.en  # "fighting" is a repair question, answered in English
    again = await answer_text(live, await live.driver.click("carol", post["id"], mascot_button, locale="en"))
    assert again.startswith(first) and again.endswith("the answer stays the same.")
    assert await quota_used(live, "carol", MASCOT_QUOTA) == 1


async def test_the_mascot_answers_eight_questions_a_day(live: LiveBot) -> None:
    inbox = await anon_guild(live)
    guild = live.local.demo.guild_id
    tr = default_translator()
    messages: list[tuple[str, str]] = []
    for n in range(9):
        question = Question(
            id=uuid.uuid4(), request_code=f"TEST{n:02d}", text=f"Published question {n}?", status="published",
            created_at=dt.datetime.now(dt.UTC),
        )
        await live.pool.execute(
            "INSERT INTO anon_questions (id, guild_id, request_code, author_user_id, question_text, text_hash,"
            " day_key, status) VALUES ($1, $2, $3, $4, $5, $6, current_date, 'published')",
            question.id, guild, question.request_code, live.driver.user_id("alice"), question.text,
            text_hash(question.text),
        )
        body = render_published(question, locale="en", tr=tr).to_payload()
        message_id = live.driver.place_message(inbox, body)
        messages.append((message_id, custom_ids(body, "t1:anon:mascot:")[0]))

    for message_id, button in messages[:8]:
        reply = await answer_text(live, await live.driver.click("bob", message_id, button, locale="en"))
        assert reply.startswith("**The mascot says:**")
    assert await quota_used(live, "bob", MASCOT_QUOTA) == 8
    ninth = await answer_text(live, await live.driver.click("bob", *messages[8], locale="en"))
    assert ninth.startswith("The mascot has answered enough for today (8 answers a day). Come back <t:"), ninth
    # A question already answered today is still answered: it costs nothing.
    repeat = await answer_text(live, await live.driver.click("bob", *messages[0], locale="en"))
    assert repeat.endswith("the answer stays the same.")
    assert await quota_used(live, "bob", MASCOT_QUOTA) == 8


async def test_nothing_the_bot_sends_in_the_flow_names_the_author(live: LiveBot) -> None:
    inbox = await anon_guild(live)
    alice = live.driver.user_id("alice")
    before = len(sent_bodies(live))
    post = await _publish(live, inbox, "alice", "How do you set boundaries with in-laws?")
    await ask(live, "alice", "How do you set boundaries with in-laws?")  # the repeat's refusal
    queue = await open_queue(live, "carol")
    await answer_text(live, await live.driver.click("bob", post["id"], custom_ids(post, "t1:anon:mascot:")[0]))
    await ask(live, "alice", "A second question, still pending?")
    queue = await open_queue(live, "carol")
    assert "A second question, still pending?" in text_of(queue)

    sent = sent_bodies(live)[before:]
    assert any("How do you set boundaries with in-laws?" in body for body in sent)  # the scan sees the post
    leaks = [body for body in sent if alice in body or "alice" in body.lower()]
    assert leaks == []
    for message in (post, queue):
        shown = json.dumps(message, ensure_ascii=False)
        assert alice not in shown and "alice" not in shown.lower()
    effect = (await rows(live, "SELECT payload, context FROM scheduled_posts WHERE kind = 'anon_question'"))[0]
    assert alice not in f"{effect['payload']} {effect['context']}"


async def test_a_question_that_cannot_be_posted_goes_back_to_the_queue(live: LiveBot) -> None:
    inbox = await anon_guild(live)
    await ask(live, "alice", "Where did the inbox go?")
    await live.driver.delete_channel(inbox)
    queue = await open_queue(live, "owner")
    approved = await live.driver.click("owner", queue["id"], moderation_button(queue, "approve"), locale="en")
    feedback = await follow_up(live, approved)
    assert f"the bot cannot post in <#{inbox}>. The question is back in the queue" in feedback
    assert [r["status"] for r in await rows(live, "SELECT status FROM anon_questions")] == ["pending"]
    again = await open_queue(live, "owner")
    assert "Where did the inbox go?" in text_of(again)


async def test_double_presses_spend_one_unit(live: LiveBot) -> None:
    inbox = await anon_guild(live)
    opened = [await live.driver.run_command("bob", "anon ask", locale="en") for _ in range(2)]
    for rec in opened:
        assert await live.driver.wait_ack(rec)
    replies = await asyncio.gather(*(submit(live, "bob", rec, "Twice at once?") for rec in opened))
    queued = [r for r in replies if r.startswith("Your question is queued for moderation.")]
    refused = [r for r in replies if r.startswith("You have already sent this question today")]
    assert len(queued) == len(refused) == 1, replies
    assert await quota_used(live, "bob", PROPOSE_QUOTA) == 1
    assert len(await rows(live, "SELECT id FROM anon_questions")) == 1

    post = await _publish(live, inbox, "alice", "What is your favourite morning ritual?")
    mascot_button = custom_ids(post, "t1:anon:mascot:")[0]
    clicks = await asyncio.gather(
        *(live.driver.click("carol", post["id"], mascot_button, locale="en") for _ in range(2))
    )
    texts = sorted([await answer_text(live, rec) for rec in clicks], key=len)
    assert texts[1].startswith(texts[0]) and texts[1].endswith("the answer stays the same.")
    assert await quota_used(live, "carol", MASCOT_QUOTA) == 1


async def test_a_button_for_a_question_that_is_not_there_says_so(live: LiveBot) -> None:
    await anon_guild(live)
    ghost = Question(
        id=uuid.uuid4(), request_code="GHOST2", text="Never asked?", status="pending",
        created_at=dt.datetime.now(dt.UTC),
    )
    body = render_queue([ghost], queue_page(0, 1), 1, locale="en", tr=default_translator()).to_payload()
    message_id = live.driver.place_message(live.local.demo.general_channel_id, body)
    pressed = await live.driver.click("owner", message_id, moderation_button(body, "approve"), locale="en")
    assert await follow_up(live, pressed) == "This question is not in the queue any more."
    assert "No questions are waiting for moderation." in text_of(live.driver.emu.world.find_message(message_id) or {})
    again = live.driver.place_message(live.local.demo.general_channel_id, body)
    strangers = await live.driver.click("bob", again, moderation_button(body, "reject"), locale="en")
    assert "moderator" in (await answer_text(live, strangers)).lower()
