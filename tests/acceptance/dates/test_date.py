"""/date end to end: filters through selects, three deterministic ideas, saving one for the weekend once."""

from __future__ import annotations

import asyncio

import pytest
from babel.dates import format_date

from features.dates._content import Budget, Energy, TimeWindow, default_date_ideas
from features.dates._ideas import DateFilters, pick_date_ideas
from features.dates._ids import DateAxis, date_generate_id, date_save_id, date_select_id
from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance._members import acked, answered, buttons, current_message, make_pair, message_text, walk

pytestmark = pytest.mark.anyio

TR = default_translator()


async def test_pick_generate_and_save_an_idea_once(live: LiveBot) -> None:
    pair = await make_pair(live)
    opened = await acked(live, await live.driver.run_command("alice", "date"))
    card = live.driver.original(opened)
    assert card is not None and card["flags"] & 64
    start = DateFilters()
    assert date_generate_id(start) in buttons(card)

    picked = await acked(
        live, await live.driver.select("alice", card["id"], date_select_id(DateAxis.ENERGY, start), ["low"])
    )
    assert picked.ack_type == 7
    low = DateFilters(energy=Energy.LOW, budget=Budget.MODERATE, time=TimeWindow.EVENING)
    card = current_message(live, card["id"])
    assert date_generate_id(low) in buttons(card)

    await acked(live, await live.driver.click("alice", card["id"], date_generate_id(low)))
    card = current_message(live, card["id"])
    ideas = pick_date_ideas(low, default_date_ideas())
    assert [i.key for i in ideas] == ["cozy_budget_reset", "question_box_night", "walk_and_warm"]
    text = message_text(card)
    for idea in ideas:
        assert idea.ru.title in text and idea.ru.starter in text and idea.ru.plan_b in text
    save = date_save_id(low, ideas[0].key)
    assert save in buttons(card)

    first, second = await asyncio.gather(
        live.driver.click("alice", card["id"], save), live.driver.click("alice", card["id"], save)
    )
    await acked(live, first)
    await acked(live, second)
    replies = await answered(live, first, second, count=2)
    assert await live.pool.fetchval("SELECT count(*) FROM date_weekend_plans") == 1
    row = await live.pool.fetchrow("SELECT * FROM date_weekend_plans")
    assert row is not None
    assert row["idea_key"] == ideas[0].key and row["pair_id"] == pair.id
    assert row["weekend_date"].weekday() == 5  # a Saturday
    weekend = format_date(row["weekend_date"], format="d MMMM", locale="ru")
    assert replies == sorted(
        [TR.text("ru", "date.reply.saved", date=weekend), TR.text("ru", "date.reply.already_saved", date=weekend)]
    )


async def test_a_forged_idea_key_saves_nothing(live: LiveBot) -> None:
    opened = await acked(live, await live.driver.run_command("alice", "date"))
    card = live.driver.original(opened)
    assert card is not None
    await acked(live, await live.driver.click("alice", card["id"], date_generate_id(DateFilters())))
    card = current_message(live, card["id"])
    ideas = pick_date_ideas(DateFilters(), default_date_ideas())
    real = date_save_id(DateFilters(), ideas[0].key)
    # A save id for an idea these filters never offer (the driver only clicks existing buttons: swap it in).
    forged_key = next(i.key for i in default_date_ideas() if i not in ideas)
    forged = date_save_id(DateFilters(), forged_key)
    for component in walk(card["components"]):
        if component.get("custom_id") == real:
            component["custom_id"] = forged
    rec = await acked(live, await live.driver.click("alice", card["id"], forged))
    assert await answered(live, rec) == [TR.text("ru", "error.unknown_action")]
    assert await live.pool.fetchval("SELECT count(*) FROM date_weekend_plans") == 0
