"""The README's story in a real browser: a person sets the guild up with /setup's panel, creates a pair, runs
a duel round and answers it through the dialog, sees the scoreboard change, and a refused member alone sees the
refusal. Screenshots of every step land in a folder the test prints: Russian first, English after
``/admin config set locale en``."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.async_api import Browser, expect

from features.setup._rules import SetupAction, setup_button_id, setup_pick_id
from tests._bot import LiveBot
from tests.acceptance.browser._page import STEP_TIMEOUT_MS, Camera, Client
from tests.acceptance.config._support import make_channels

pytestmark = [pytest.mark.anyio, pytest.mark.slow]

T = TypeVar("T")
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


async def _until(probe: Callable[[], Awaitable[T]], accept: Callable[[T], bool], what: str) -> T:
    """Poll ``probe`` until ``accept`` takes its value (bounded: the test fails after 20 seconds)."""
    for _ in range(400):
        value = await probe()
        if accept(value):
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


async def _quiet(live: LiveBot) -> None:
    """Wait until no refresh job is queued or running (the scoreboard shows everything so far)."""

    async def busy() -> int:
        sql = "SELECT count(*) FROM jobs WHERE name LIKE '%.refresh' AND state IN ('queued', 'active')"
        return int(await live.pool.fetchval(sql))

    await _until(busy, lambda n: n == 0, "the refresh jobs to settle")


@pytest.mark.timeout(300)
async def test_the_story_in_a_browser(live: LiveBot, browser: Browser, tmp_path: Path) -> None:
    camera = Camera(tmp_path / "screenshots")
    camera.folder.mkdir()
    print(f"\nbrowser client screenshots: {camera.folder}")  # noqa: T201 - the person looks there
    driver = live.driver
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(STEP_TIMEOUT_MS)
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(live.local.emulator.base_url)
    me = Client(page, driver)
    general = driver.default_channel_id
    await expect(me.channel(general)).to_be_visible()
    await camera.shot(page, "start-as-owner")

    # The admin makes the channels in the Discord client; they appear without a reload.
    channels = make_channels(driver)
    for channel_id in channels.values():  # what Discord tells the bot about a channel made in the client
        await driver.emu.gateway.dispatch("CHANNEL_CREATE", driver.guild.channels[channel_id])
    await expect(me.channel(channels["public_post_channel_id"])).to_be_visible()

    # /setup: the panel, every pick made in its selects, then "complete".
    answer = await me.command("setup start")
    assert answer["acknowledged"]
    owner = driver.user_id("owner")
    await expect(page.locator(f'select[data-custom-id="{setup_pick_id("pair_category_id", owner)}"]')).to_be_visible()
    await camera.shot(page, "setup-panel")
    for name, channel_id in channels.items():
        assert (await me.pick(setup_pick_id(name, owner), channel_id))["acknowledged"]
    assert (await me.pick(setup_pick_id("moderator_role_id", owner), live.local.demo.moderator_role_id))["acknowledged"]
    complete = page.locator(f'button[data-custom-id="{setup_button_id(SetupAction.COMPLETE, owner)}"]')
    await expect(complete).to_be_enabled()
    await camera.shot(page, "setup-filled")
    shown = await page.locator("article.message").count()
    assert (await me.click(complete))["acknowledged"]
    await expect(page.locator("article.message").nth(shown)).to_be_visible()  # the bot's answer to "complete"
    await camera.shot(page, "setup-complete")

    # /pair create alice + bob, with the member pickers; the private room appears for the owner.
    answer = await me.command("pair create", {"member1": driver.user_id("alice"), "member2": driver.user_id("bob")})
    assert answer["acknowledged"]

    async def pair_room() -> Any:
        return await live.pool.fetchval("SELECT private_channel_id FROM pairs")

    room = str(await _until(pair_room, bool, "the pair room"))
    await expect(me.channel(room)).to_be_visible()
    await camera.shot(page, "pair-created")

    # The room is private: alice sees it, carol does not.
    await me.act_as("carol")
    await expect(me.channel(general)).to_be_visible()
    await expect(me.channel(room)).to_have_count(0)
    await camera.shot(page, "carol-does-not-see-the-room")
    await me.act_as("alice")
    await me.open_channel(room)
    await camera.shot(page, "alice-in-the-pair-room")

    # The owner starts a duel on the public channel and a 5-minute round.
    board = channels["public_post_channel_id"]
    await me.act_as("owner")
    assert (await me.command("duel start", {"public_channel": board}))["acknowledged"]
    assert (await me.command("duel round start", {"duration_minutes": 5}))["acknowledged"]
    await camera.shot(page, "duel-round-started")
    await me.open_channel(board)
    scoreboard = me.message_with('[data-custom-id^="t1:duel_board:"]')
    try:
        await expect(scoreboard).to_have_count(1)
    except AssertionError:
        await camera.shot(page, "FAILED")
        raise
    await _quiet(live)
    before = await scoreboard.inner_text()
    await camera.shot(page, "scoreboard-before")

    # Alice answers through the dialog the answer button opens.
    await me.act_as("alice")
    await me.open_channel(room)
    answer_button = page.locator('button[data-custom-id^="t1:duel:answer:"]').last
    opened = await me.click(answer_button)
    assert opened["acknowledged"] and opened["modal"] is not None
    await expect(page.locator("#modal")).to_be_visible()
    await page.locator('#modal [data-custom-id="answer"]').fill("Мы готовим вместе")
    await camera.shot(page, "answer-dialog")
    submitted = await me.submit_dialog({"answer": "Мы готовим вместе"})
    assert submitted["acknowledged"]
    await expect(me.ephemeral().last.locator(".md")).to_be_visible()
    await camera.shot(page, "answer-accepted-only-for-alice")
    await me.act_as("bob")  # bob, in the same room, does not see alice's receipt
    await expect(page.locator('button[data-custom-id^="t1:duel:answer:"]')).not_to_have_count(0)
    await expect(me.ephemeral()).to_have_count(0)
    await me.open_channel(board)
    await expect(scoreboard).not_to_have_text(before)
    await camera.shot(page, "scoreboard-after")

    # Carol may not create pairs: she alone sees the refusal, marked as only hers.
    await me.act_as("carol")
    await me.open_channel(general)
    refused = await me.command("pair create", {"member1": driver.user_id("carol"), "member2": driver.user_id("bob")})
    assert refused["acknowledged"]
    refusal = me.ephemeral().last
    await expect(refusal).to_be_visible()
    russian = await refusal.locator(".md").inner_text()  # the text, once the deferred reply is edited
    assert _CYRILLIC.search(russian), russian
    await camera.shot(page, "refusal-seen-by-carol")
    await me.act_as("bob")
    await me.open_channel(general)
    await expect(me.ephemeral()).to_have_count(0)
    await camera.shot(page, "bob-does-not-see-the-refusal")

    # The owner switches the guild to English; the page's language follows; carol's refusal is now English.
    await me.act_as("owner")
    assert (await me.command("admin config set", {"name": "locale", "value": "en"}))["acknowledged"]
    await me.set_language("en-US")
    await camera.shot(page, "locale-set-to-english")
    await me.act_as("carol")
    refused = await me.command("pair create", {"member1": driver.user_id("carol"), "member2": driver.user_id("bob")})
    assert refused["acknowledged"]
    await expect(me.ephemeral()).to_have_count(2)
    english = await me.ephemeral().last.locator(".md").inner_text()
    assert not _CYRILLIC.search(english) and english != russian, english
    await camera.shot(page, "refusal-in-english")
    await page.fill("#command-input", "/pai")
    await expect(page.locator('#suggestions li[data-command="pair create"]')).to_be_visible()
    await camera.shot(page, "commands-in-english")

    assert errors == []
    assert all(path.stat().st_size > 0 for path in camera.taken)
