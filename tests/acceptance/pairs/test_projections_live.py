"""The Pair Home panel and the duel scoreboard as members see them: one message each, kept up to date."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance.pairs._flows import (
    answer_round,
    answer_text,
    configure,
    custom_ids,
    eventually,
    make_pair,
    rows,
    setup_duel,
    text_of,
)

pytestmark = pytest.mark.anyio


def _cards(live: LiveBot, channel_id: str, prefix: str) -> list[dict[str, Any]]:
    """The bot's messages in a channel that carry a button whose id starts with ``prefix``."""
    return [m for m in live.driver.channel_messages(channel_id) if custom_ids(m, prefix)]


async def _card_showing(live: LiveBot, channel_id: str, prefix: str, *needles: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        cards = _cards(live, channel_id, prefix)
        if len(cards) == 1 and all(needle in text_of(cards[0]) + str(cards[0]) for needle in needles):
            return cards[0]
        return None

    return await eventually(probe, what=f"one card in {channel_id} showing {needles}")


def _panel(live: LiveBot, room: str) -> list[dict[str, Any]]:
    return [m for m in live.driver.channel_messages(room) if "Pair Home" in text_of(m)]


async def test_the_pair_home_panel_appears_pinned_once_and_follows_the_duel(live: LiveBot) -> None:
    await configure(live, pair_category_id=live.local.demo.category_id, locale="en")
    room = await make_pair(live, "alice", "bob")

    async def pinned_panel() -> dict[str, Any] | None:
        panels = _panel(live, room)
        return panels[0] if len(panels) == 1 and panels[0].get("pinned") else None

    panel = await eventually(pinned_panel, what="the pinned Pair Home panel")
    assert "none running" in text_of(panel)

    await make_pair(live, "carol", "owner")
    general = live.local.demo.general_channel_id
    await answer_text(live, await live.driver.run_command("owner", "duel start", {"public_channel": general}))

    async def waiting_panel() -> bool:
        panels = _panel(live, room)
        return len(panels) == 1 and "waiting for the next round" in text_of(panels[0])

    await eventually(waiting_panel, what="the panel saying a duel runs")
    await answer_text(live, await live.driver.run_command("owner", "duel round start", {"duration_minutes": 5}))

    async def answer_button() -> dict[str, Any] | None:
        panels = _panel(live, room)
        return panels[0] if len(panels) == 1 and custom_ids(panels[0], "t1:duel:answer:") else None

    panel = await eventually(answer_button, what="the panel's answer button")
    assert panel["id"] == (await pinned_panel() or {}).get("id")  # the same message, edited in place

    stranger = await live.driver.click("carol", panel["id"], custom_ids(panel, "t1:duel:answer:")[0], locale="en")
    assert "only for the members" in await answer_text(live, stranger)
    assert stranger.modal is None

    assert "accepted" in await answer_round(live, "bob", room, "we plan a picnic")

    async def info_button() -> dict[str, Any] | None:
        panels = _panel(live, room)
        return panels[0] if len(panels) == 1 and custom_ids(panels[0], "t1:pair_home:duel_info:") else None

    panel = await eventually(info_button, what="the panel showing the answer was sent")
    info = custom_ids(panel, "t1:pair_home:duel_info:")[0]
    own = await live.driver.click("alice", panel["id"], info)
    assert "already answered in round #1" in await answer_text(live, own)
    before = await rows(live, "SELECT version FROM pairs ORDER BY created_at")
    refused = await live.driver.click("carol", panel["id"], info, locale="en")
    assert "only for the members" in await answer_text(live, refused)
    assert await rows(live, "SELECT version FROM pairs ORDER BY created_at") == before  # nothing written
    assert len(await rows(live, "SELECT 1 FROM duel_submissions")) == 1
    pins = [m for m in live.driver.channel_messages(room) if m.get("pinned")]
    assert len(pins) == 1


async def test_the_scoreboard_ranks_pairs_and_shows_an_ended_duel_as_ended(live: LiveBot) -> None:
    general = live.local.demo.general_channel_id
    room_ab, room_co = await setup_duel(live)
    board = await _card_showing(live, general, "t1:duel_board:", "Round #1 is on", "**2** pairs taking part")

    assert "accepted" in await answer_round(live, "alice", room_ab, "  We   cook together  ")
    assert "accepted" in await answer_round(live, "owner", room_co, "ok")
    board = await _card_showing(live, general, "t1:duel_board:", "**2** answers received")
    ranking = text_of(board)
    # Answers alone earn nothing (points are the votes of counted rounds): both pairs share first place.
    assert ranking.count("**0** points (shared place)") == 2 and "No round counted yet" in ranking

    await answer_text(live, await live.driver.run_command("owner", "duel end", locale="en"))
    board_after = await _card_showing(live, general, "t1:duel_board:", "finished", "Final results")
    assert board_after["id"] == board["id"]  # one scoreboard message, edited
    assert not custom_ids(board_after, "t1:duel_board:how:")
    rules = custom_ids(board_after, "t1:duel_board:rules:")[0]
    rules_reply = await live.driver.click("bob", board["id"], rules, locale="en")
    assert "first one counts" in await answer_text(live, rules_reply)
    room_button = custom_ids(board_after, "t1:duel_board:open_room:")[0]
    assert room_ab in await answer_text(live, await live.driver.click("bob", board["id"], room_button, locale="en"))


async def test_a_deleted_scoreboard_is_posted_again_once(live: LiveBot) -> None:
    general = live.local.demo.general_channel_id
    room_ab, _ = await setup_duel(live)
    board = await _card_showing(live, general, "t1:duel_board:", "Round #1 is on")

    await live.driver.delete_message(general, board["id"])
    assert "accepted" in await answer_round(live, "alice", room_ab, "a brand new answer")

    again = await _card_showing(live, general, "t1:duel_board:", "**1** answer received")
    assert again["id"] != board["id"]
    await answer_text(live, await live.driver.run_command("owner", "duel end", locale="en"))
    await _card_showing(live, general, "t1:duel_board:", "finished")  # still exactly one card, now edited


async def test_a_locale_switch_re_renders_the_pair_home_panel_and_the_scoreboard(live: LiveBot) -> None:
    general = live.local.demo.general_channel_id
    room, _ = await setup_duel(live)  # the guild speaks English
    tr = default_translator()
    board = await _card_showing(live, general, "t1:duel_board:", "Round #1 is on")

    def pinned_panel() -> dict[str, Any] | None:
        pinned = [m for m in live.driver.channel_messages(room) if m.get("pinned")]
        return pinned[0] if len(pinned) == 1 else None

    async def english_panel() -> dict[str, Any] | None:
        panel = pinned_panel()
        return panel if panel is not None and "**you can answer**" in text_of(panel) else None

    panel = await eventually(english_panel, what="the Pair Home panel offering the answer, in English")
    assert "Pair Home" in text_of(panel)

    rec = await live.driver.run_command("owner", "admin config set", {"name": "locale", "value": "ru"}, locale="en")
    russian = tr.text("ru", "locale.ru")
    assert await answer_text(live, rec) == tr.text("ru", "admin.reply.locale_updated", language=russian)

    # Neither state changed: only the guild's language did, and it is part of every projection's version.
    active_ru = tr.text("ru", "duel.board.round.active", round=1, ends="\0").split("\0")[0]
    board_ru = await _card_showing(live, general, "t1:duel_board:", active_ru)
    assert board_ru["id"] == board["id"] and "Round #1 is on" not in text_of(board_ru)

    async def russian_panel() -> dict[str, Any] | None:
        current = pinned_panel()
        return current if current is not None and tr.text("ru", "pair_home.title") in text_of(current) else None

    panel_ru = await eventually(russian_panel, what="the Pair Home panel in Russian")
    assert panel_ru["id"] == panel["id"] and "Pair Home" not in text_of(panel_ru)
    assert "**можно отвечать**" in text_of(panel_ru)
