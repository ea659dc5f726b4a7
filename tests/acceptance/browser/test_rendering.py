"""How the page draws what a bot sends, in a real browser, with no bot at all: a Components V2 message with
Discord markdown, mentions shown as names, a relative timestamp, a separator, buttons and selects, the pin mark,
an edit shown live; and "This interaction failed" when nothing answers within 3 seconds."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from gateway.emulator import LocalDiscord, start_local_emulator
from tests.acceptance.browser._page import STEP_TIMEOUT_MS, Camera, Client

pytestmark = pytest.mark.anyio

_V2 = 1 << 15


@pytest.fixture
async def botless() -> AsyncIterator[LocalDiscord]:
    env = await start_local_emulator()
    world = env.emulator.world
    guild = env.demo.guild_id
    world.commands[guild] = [
        {
            "id": world.ids.next(),
            "name": "ping",
            "type": 1,
            "description": "ping",
            "guild_id": guild,
            "application_id": world.app_id,
            "options": [],
        },
        {
            "id": world.ids.next(),
            "name": "plan",
            "type": 1,
            "description": "Plan an evening",
            "guild_id": guild,
            "application_id": world.app_id,
            "name_localizations": {"ru": "план"},
            "description_localizations": {"ru": "Спланировать вечер"},
            "options": [
                {"type": 6, "name": "partner", "description": "who", "required": True},
                {"type": 7, "name": "where", "description": "where", "channel_types": [0]},
                {"type": 4, "name": "minutes", "description": "how long", "min_value": 5, "max_value": 60},
                {
                    "type": 3,
                    "name": "mood",
                    "description": "mood",
                    "name_localizations": {"ru": "настроение"},
                    "choices": [
                        {"name": "Merry", "value": "merry", "name_localizations": {"ru": "Весело"}},
                        {"name": "Calm", "value": "calm", "name_localizations": {"ru": "Спокойно"}},
                    ],
                },
            ],
        },
    ]
    try:
        yield env
    finally:
        await env.close()


def _showcase(env: LocalDiscord) -> dict[str, object]:
    alice, general = env.driver.user_id("alice"), env.demo.general_channel_id
    soon = int(time.time()) + 2 * 3600
    text = (
        f"# Заголовок\n## Второй\n### Третий\n**жирный** и *курсив*, <@{alice}> в <#{general}>\n"
        f"- первый\n- второй\n-# подпись <t:{soon}:R>"
    )
    return {
        "flags": _V2,
        "components": [
            {
                "type": 17,
                "accent_color": 0x57F287,
                "components": [
                    {
                        "type": 9,
                        "components": [{"type": 10, "content": text}],
                        "accessory": {"type": 2, "style": 1, "label": "Открыть", "custom_id": "demo:open"},
                    },
                    {"type": 14, "divider": True, "spacing": 1},
                    {
                        "type": 1,
                        "components": [
                            {
                                "type": 3,
                                "custom_id": "demo:pick",
                                "placeholder": "Выберите",
                                "options": [{"label": "Один", "value": "1"}, {"label": "Два", "value": "2"}],
                            }
                        ],
                    },
                    {"type": 1, "components": [{"type": 5, "custom_id": "demo:who"}]},
                ],
            },
        ],
    }


async def test_the_command_box_offers_options_in_the_guild_language_and_checks_ranges(
    botless: LocalDiscord, browser: Browser
) -> None:
    env = botless
    page = await browser.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    await page.goto(env.emulator.base_url)
    await page.fill("#command-input", "/пл")
    offer = page.locator('#suggestions li[data-command="plan"]')
    await expect(offer).to_contain_text("/план")
    await expect(offer).to_contain_text("Спланировать вечер")
    await offer.click()
    options = page.locator("#command-options")
    await expect(options.locator('[data-option="partner"] option', has_text="@Bob")).to_have_count(1)
    await expect(options.locator('[data-option="where"] option', has_text="#general")).to_have_count(1)
    await expect(options.locator('[data-option="where"] option', has_text="Together")).to_have_count(0)  # a category
    await expect(options.locator('[data-option="mood"] option')).to_have_text(["—", "Весело", "Спокойно"])
    await expect(options).to_contain_text("настроение")
    minutes = options.locator('[data-option="minutes"]')
    await expect(minutes).to_have_attribute("min", "5")
    await expect(minutes).to_have_attribute("max", "60")
    await options.locator('[data-option="partner"]').select_option(env.driver.user_id("bob"))
    await minutes.fill("90")
    await page.click("#command-send")
    assert await minutes.evaluate("n => !n.validity.valid")  # out of range: the browser holds the form back
    await expect(page.locator("#command-chip")).to_have_text("/план")
    assert len(env.emulator.world.interactions) == 0


async def test_components_markdown_edits_and_a_failed_interaction(
    botless: LocalDiscord, browser: Browser, tmp_path: Path
) -> None:
    camera = Camera(tmp_path / "screenshots")
    camera.folder.mkdir()
    print(f"\nbrowser client screenshots: {camera.folder}")  # noqa: T201 - the person looks there
    env = botless
    message_id = env.driver.place_message(env.demo.general_channel_id, _showcase(env))
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(STEP_TIMEOUT_MS)
    await page.goto(env.emulator.base_url)
    me = Client(page, env.driver)
    await me.act_as("alice")
    article = page.locator(f'article.message[data-id="{message_id}"]')
    await expect(article.locator("h1")).to_have_text("Заголовок")
    await expect(article.locator("h2")).to_have_text("Второй")
    await expect(article.locator("h3")).to_have_text("Третий")
    await expect(article.locator("strong")).to_have_text("жирный")
    await expect(article.locator("em")).to_have_text("курсив")
    await expect(article.locator("li")).to_have_text(["первый", "второй"])
    await expect(article.locator(".mention")).to_have_text(["@Alice", "#general"])
    await expect(article.locator(".subtext .timestamp")).to_have_text("через 2 часа")
    await expect(article.locator("hr.separator.divider")).to_have_count(1)
    await expect(article.locator('button[data-custom-id="demo:open"]')).to_have_text("Открыть")
    await expect(article.locator('select[data-custom-id="demo:pick"] option')).to_have_count(3)
    await expect(article.locator('select[data-custom-id="demo:who"] option', has_text="@Bob")).to_have_count(1)
    await expect(article).not_to_contain_text("<t:")
    await camera.shot(page, "components-v2")

    # The bot pins and edits its message: the page shows both without a reload.
    message = env.emulator.world.find_message(message_id)
    assert message is not None
    message["pinned"] = True
    message["components"][0]["components"][0]["components"][0]["content"] = "## Изменено"
    message["edited_timestamp"] = "2026-01-01T00:00:00+00:00"
    env.emulator.world.edit_counts[message_id] += 1
    await expect(article.locator("h2")).to_have_text("Изменено")
    await expect(article.locator('[data-testid="pinned"]')).to_be_visible()
    await expect(article.locator(".edited")).to_be_visible()
    await camera.shot(page, "edited-and-pinned")

    # Nothing answers /ping: after 3 seconds alice, and only alice, is told the interaction failed.
    answer = await me.command("ping")
    assert answer["acknowledged"] is False
    failed = page.locator('[data-testid="failed"]')
    await expect(failed).to_contain_text("Ошибка взаимодействия")
    await camera.shot(page, "interaction-failed")
    await me.act_as("bob")
    await expect(failed).to_have_count(0)
