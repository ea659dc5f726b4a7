"""Check-ins end to end through the emulator: a pair picks the week's agreement and scores its week in its
room, the partner and any second submit see the stored check-in itself, every bad score is named and stores
nothing, the agreement is shared once however often it is pressed, and the Wednesday reminder is posted once
a week while Pair Home tells a pair that has checked in that it is not for them."""

from __future__ import annotations

import asyncio
import datetime as dt

import anyio
import pytest
from click.testing import CliRunner

from features.checkin._ids import scores_id
from features.kernel import week_key, zone
from tests._bot import LiveBot
from tests.acceptance._members import answered
from tests.acceptance.checkin._steps import (
    checkin_guild,
    checkin_rows,
    open_modal,
    open_picker,
    panel,
    panel_showing,
    posts_with,
    scores,
    submit,
)
from tests.acceptance.pairs._flows import (
    answer_text,
    card_answer,
    custom_ids,
    eventually,
    make_pair,
    rows,
    switch_features,
    text_of,
)
from together.cli import main

pytestmark = pytest.mark.anyio

SCORE_LINES = (
    "Communication: **8** out of 10", "Support: **7** out of 10", "Time together: **6** out of 10",
    "Repair after conflict: **5** out of 10", "The week overall: **9** out of 10",
)
AGREEMENT = "This week we go on one proper date"


def _shows_the_checkin(text: str) -> bool:
    return f"> {AGREEMENT}" in text and all(line in text for line in SCORE_LINES)


async def test_a_checkin_is_stored_and_the_partner_sees_it_from_pair_home(live: LiveBot) -> None:
    room = await checkin_guild(live)
    await panel_showing(live, room, "Check-in for ")
    assert "not done yet" in text_of(panel(live, room) or {})

    opened = await open_modal(live, "alice", room)
    labels = [row["components"][0]["label"] for row in (opened.modal or {})["components"]]
    assert labels == [
        "Communication (1–10)", "Support (1–10)", "Time together (1–10)", "Repair after conflict (1–10)",
        "The week overall (1–10)",
    ]
    saved = await card_answer(live, await submit(live, "alice", opened, scores()))
    assert "your check-in is saved" in text_of(saved) and _shows_the_checkin(text_of(saved))
    stored = await checkin_rows(live)
    assert len(stored) == 1
    assert {k: stored[0][k] for k in ("agreement_key", "communication", "support", "time_together", "repair",
                                      "overall", "submitted_by")} == {
        "agreement_key": "one_date", "communication": 8, "support": 7, "time_together": 6, "repair": 5,
        "overall": 9, "submitted_by": live.driver.user_id("alice"),
    }

    # The panel says so, and its button shows bob the stored check-in itself, not a new form.
    shown = await panel_showing(live, room, "✅ done")
    button = custom_ids(shown, "t1:checkin:start:")[0]
    seen = await card_answer(live, await live.driver.click("bob", shown["id"], button, locale="en"))
    assert "already checked in this week" in text_of(seen) and _shows_the_checkin(text_of(seen))
    assert custom_ids(seen, "t1:checkin:pick:") == []
    # /checkin start again shows it too.
    again = await card_answer(live, await live.driver.run_command("bob", "checkin start", channel_id=room,
                                                                  locale="en"))
    assert _shows_the_checkin(text_of(again))
    assert len(await checkin_rows(live)) == 1


async def test_outside_the_own_pair_room_the_member_is_sent_there(live: LiveBot) -> None:
    room = await checkin_guild(live)
    general = live.local.demo.general_channel_id
    elsewhere = await live.driver.run_command("alice", "checkin start", channel_id=general, locale="en")
    assert f"Go to <#{room}> and run /checkin start there" in await answer_text(live, elsewhere)
    no_pair = await live.driver.run_command("carol", "checkin start", channel_id=general, locale="en")
    assert "you don't have one on this server yet" in await answer_text(live, no_pair)
    # Paired with the owner, carol still cannot use alice's picker in alice's room: she is sent to her own.
    carols_room = await make_pair(live, "carol", "owner")
    picker = await open_picker(live, "alice", room)
    select = custom_ids(picker, "t1:checkin:pick:")[0]
    stranger = await live.driver.select("carol", picker["id"], select, ["one_date"], locale="en")
    assert f"Go to <#{carols_room}> and run /checkin start there" in await answer_text(live, stranger)
    assert await checkin_rows(live) == []


@pytest.mark.parametrize(
    "field,typed,name",
    [
        ("communication", "8a", "Communication"),
        ("support", "0", "Support"),
        ("time_together", "11", "Time together"),
        ("repair", "", "Repair after conflict"),
        ("overall", "7.5", "The week overall"),
    ],
)
async def test_an_invalid_score_is_named_and_nothing_is_stored(
    live: LiveBot, field: str, typed: str, name: str
) -> None:
    room = await checkin_guild(live)
    opened = await open_modal(live, "alice", room)
    refused = await submit(live, "alice", opened, scores(**{field: typed}))
    assert await answer_text(live, refused) == (
        f"Nothing was saved. Please check “{name}”: each score must be a whole number from 1 to 10, with no letters"
        " or decimals."
    )
    assert await checkin_rows(live) == []
    # The same form, corrected, is accepted.
    saved = await card_answer(live, await submit(live, "alice", opened, scores()))
    assert "your check-in is saved" in text_of(saved)
    assert len(await checkin_rows(live)) == 1


async def test_every_bad_field_is_named_at_once(live: LiveBot) -> None:
    room = await checkin_guild(live)
    opened = await open_modal(live, "alice", room)
    refused = await submit(live, "alice", opened, scores(communication="8a", overall="7.5", repair="11"))
    assert "“Communication”, “Repair after conflict”, “The week overall”" in await answer_text(live, refused)
    assert await checkin_rows(live) == []


async def test_two_submits_racing_store_one_and_the_other_is_shown_it(live: LiveBot) -> None:
    room = await checkin_guild(live)
    alice_form = await open_modal(live, "alice", room, agreement="one_date")
    bob_form = await open_modal(live, "bob", room, agreement="hug_hello")
    submits = await asyncio.gather(
        submit(live, "alice", alice_form, scores()),
        submit(live, "bob", bob_form, scores(communication="2", overall="3")),
    )
    cards = [text_of(await card_answer(live, rec)) for rec in submits]
    stored = await checkin_rows(live)
    assert len(stored) == 1
    winner = stored[0]["submitted_by"]
    assert sum("your check-in is saved" in card for card in cards) == 1
    assert sum("already checked in this week" in card for card in cards) == 1
    # Both cards show the one stored check-in: its agreement and its scores.
    words = "This week we go on one proper date" if winner == live.driver.user_id("alice") else (
        "We greet each other with a hug, not with a question about errands"
    )
    assert all(f"> {words}" in card and f"Communication: **{stored[0]['communication']}** out of 10" in card
               for card in cards)


async def test_sharing_pressed_twice_posts_the_agreement_once(live: LiveBot) -> None:
    room = await checkin_guild(live)
    saved = await card_answer(live, await submit(live, "alice", await open_modal(live, "alice", room), scores()))
    share = custom_ids(saved, "t1:checkin:share:")[0]
    presses = await asyncio.gather(
        live.driver.click("alice", saved["id"], share, locale="en"),
        live.driver.click("alice", saved["id"], share, locale="en"),
    )
    replies = await answered(live, *presses, count=2)
    assert sorted(replies) == [
        f"You've already shared this agreement; it won't be posted in <#{live.local.demo.general_channel_id}> a"
        " second time.",
        f"Your agreement will appear in <#{live.local.demo.general_channel_id}> shortly. Your scores won't be"
        " posted.",
    ]

    async def posted() -> bool:
        return bool(posts_with(live, AGREEMENT))

    await eventually(posted, what="the shared agreement in the public channel")
    # Bob presses it from the stored card later: still one post.
    seen = await card_answer(live, await live.driver.run_command("bob", "checkin start", channel_id=room,
                                                                 locale="en"))
    late = await live.driver.click("bob", seen["id"], custom_ids(seen, "t1:checkin:share:")[0], locale="en")
    assert "already shared" in await answer_text(live, late)

    async def settled() -> bool:
        found = await rows(live, "SELECT status FROM scheduled_posts WHERE kind = 'checkin_agreement'")
        return found == [{"status": "sent"}]

    await eventually(settled, what="the one shared post sent")
    post = posts_with(live, AGREEMENT)
    assert len(post) == 1
    alice, bob = live.driver.user_id("alice"), live.driver.user_id("bob")
    assert "## Agreement of the week" in text_of(post[0])
    assert f"<@{alice}>" in text_of(post[0]) and f"<@{bob}>" in text_of(post[0])
    assert "out of 10" not in text_of(post[0])  # the scores stay private


async def test_the_reminder_fired_twice_in_a_week_is_posted_once(live: LiveBot, database_url: str) -> None:
    room = await checkin_guild(live)
    await card_answer(live, await submit(live, "alice", await open_modal(live, "alice", room), scores()))
    guild = live.local.demo.guild_id
    runner = CliRunner(env={"DATABASE_URL": database_url})
    for _ in range(2):
        result = await anyio.to_thread.run_sync(
            lambda: runner.invoke(main, ["jobs", "send", "weekly.checkin.nudge", "--guild", guild])
        )
        assert result.exit_code == 0, result.output

    async def both_done() -> bool:
        states = await rows(live, "SELECT state FROM jobs WHERE name = 'weekly.checkin.nudge'")
        return len(states) == 2 and all(s["state"] == "done" for s in states)

    await eventually(both_done, what="both one-off reminder jobs done")

    async def settled() -> bool:
        found = await rows(live, "SELECT status FROM scheduled_posts WHERE kind = 'checkin_nudge'")
        return found == [{"status": "sent"}]

    await eventually(settled, what="the one reminder sent")
    reminders = posts_with(live, "/checkin start")
    assert len(reminders) == 1 and "## Halfway through the week: time to check in" in text_of(reminders[0])
    # The pair that has checked in is told on its panel that the reminder is not for it.
    await panel_showing(live, room, "✅ done, so the reminder in the public channel isn't for you")


async def test_a_form_left_open_from_last_week_stores_nothing(live: LiveBot) -> None:
    room = await checkin_guild(live)
    pair_id = (await rows(live, "SELECT id FROM pairs"))[0]["id"]
    this_week = dt.date.fromisoformat(week_key(dt.datetime.now(dt.UTC), zone("Asia/Almaty")))
    last_week = (this_week - dt.timedelta(days=7)).isoformat()
    stale = await live.driver.submit_stale_modal(
        "alice", scores_id(pair_id, last_week, "one_date"), scores(), channel_id=room, locale="en"
    )
    assert "This form is from last week" in await answer_text(live, stale)
    assert await checkin_rows(live) == []


async def test_while_the_checkin_is_off_nothing_opens(live: LiveBot) -> None:
    room = await checkin_guild(live)
    await switch_features(live, checkin=False)
    refused = await live.driver.run_command("alice", "checkin start", channel_id=room, locale="en")
    assert "turned off by an administrator" in await answer_text(live, refused)
