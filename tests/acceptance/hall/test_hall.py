"""The monthly hall through the emulator: opt-ins, a card per month (edited in place, posted again once when
deleted), tops that list only pairs both partners of which agreed, an empty month, the runbook's one-off."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import anyio
import pytest
from click.testing import CliRunner

from features.hall._render import month_label
from features.kernel import month_key, previous_month_key, zone
from tests._bot import LiveBot
from tests.acceptance.pairs._flows import answer_text, configure, eventually, make_pair, rows, switch_features, text_of
from together.cli import main

pytestmark = pytest.mark.anyio


async def _hall_guild(live: LiveBot) -> str:
    demo = live.local.demo
    hall = live.driver.add_text_channel("hall")
    await configure(live, pair_category_id=demo.category_id, hall_channel_id=hall, locale="en")
    await switch_features(live, hall=True)
    return hall


def _cards(live: LiveBot, hall: str) -> list[dict[str, Any]]:
    return [m for m in live.driver.channel_messages(hall) if "Hall of the month" in text_of(m)]


async def _card_showing(live: LiveBot, hall: str, *texts: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        return next((m for m in _cards(live, hall) if all(t in text_of(m) for t in texts)), None)

    return await eventually(probe, what=f"a hall card showing {texts!r}")


def _this_month() -> str:
    return month_key(dt.datetime.now(dt.UTC), zone("Asia/Almaty"))


async def test_a_months_card_lists_only_pairs_both_partners_of_which_agreed(live: LiveBot) -> None:
    hall = await _hall_guild(live)
    room = await make_pair(live, "alice", "bob")
    pair = (await rows(live, "SELECT id FROM pairs WHERE private_channel_id = $1", room))[0]["id"]
    await live.pool.execute(
        "INSERT INTO checkins (id, guild_id, pair_id, week_key, agreement_key, communication, support,"
        " time_together, repair, overall, submitted_by) VALUES ($1, $2, $3, '2000-01-03', 'x', 7, 7, 7, 7, 7, '1')",
        uuid.uuid4(), live.local.demo.guild_id, pair,
    )
    alice = await live.driver.run_command("alice", "hall optin", {"category": "checkin"}, locale="en")
    assert "check-ins: you may appear" in await answer_text(live, alice)
    alice_id, bob_id = live.driver.user_id("alice"), live.driver.user_id("bob")
    month = month_label(_this_month(), "en")

    published = await live.driver.run_command("owner", "hall publish-now", locale="en")
    assert f"The hall card for {month} is on its way" in await answer_text(live, published)
    first = await _card_showing(live, hall, month, "**1** check-in done", "Nobody to show")
    assert f"<@{alice_id}>" not in text_of(first)  # alice agreed, bob did not: the pair is not shown

    bob = await live.driver.run_command("bob", "hall optin", {"category": "all"}, locale="en")
    assert "raid points: you may appear" in await answer_text(live, bob)
    again = await live.driver.run_command("owner", "hall publish-now", locale="en")
    await answer_text(live, again)
    shown = await _card_showing(live, hall, f"1. <@{alice_id}> + <@{bob_id}>: **1 check-in**")
    assert shown["id"] == first["id"] and len(_cards(live, hall)) == 1  # the same card, edited

    await live.driver.delete_message(hall, shown["id"])
    once_more = await live.driver.run_command("owner", "hall publish-now", locale="en")
    await answer_text(live, once_more)
    posted = await _card_showing(live, hall, f"<@{alice_id}> + <@{bob_id}>")
    assert posted["id"] != shown["id"] and len(_cards(live, hall)) == 1

    out = await live.driver.run_command("alice", "hall optout", {"category": "checkin"}, locale="en")
    assert "check-ins: hidden" in await answer_text(live, out)
    status = await live.driver.run_command("alice", "hall status", locale="en")
    assert "hidden" in await answer_text(live, status)


async def test_an_empty_month_from_the_runbook_is_a_card_of_its_own(live: LiveBot, database_url: str) -> None:
    hall = await _hall_guild(live)
    refused = await live.driver.run_command("alice", "hall publish-now", locale="en")
    assert "administrator" in (await answer_text(live, refused)).lower()
    guild = live.local.demo.guild_id
    runner = CliRunner(env={"DATABASE_URL": database_url})
    for _ in range(2):  # sent twice: one card, edited
        result = await anyio.to_thread.run_sync(
            lambda: runner.invoke(main, ["jobs", "send", "monthly.hall.refresh", "--guild", guild,
                                         "--json", '{"month": "2026-02"}'])
        )
        assert result.exit_code == 0, result.output
    card = await _card_showing(live, hall, "February 2026", "**0** pairs on the server", "**0** check-ins done")
    assert text_of(card).count("Nobody to show") == 3

    async def both_done() -> bool:
        states = await rows(live, "SELECT state FROM jobs WHERE name = 'monthly.hall.refresh'")
        return len(states) == 2 and all(s["state"] == "done" for s in states)

    await eventually(both_done, what="both refreshes done")
    assert len(_cards(live, hall)) == 1
    # The month that just ended, as the schedule shows it on the 1st: a second card beside February's.
    result = await anyio.to_thread.run_sync(
        lambda: runner.invoke(main, ["jobs", "send", "monthly.hall.refresh", "--guild", guild])
    )
    assert result.exit_code == 0, result.output
    previous = month_label(previous_month_key(dt.datetime.now(dt.UTC), zone("Asia/Almaty")), "en")
    await _card_showing(live, hall, previous)
    assert len(_cards(live, hall)) == 2
