"""The browser client as a person uses it: pick who you are, open a channel, type a command, press, pick,
fill a dialog; and a camera that writes numbered screenshots of each step into a folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Locator, Page, expect

from gateway.emulator import Driver

#: How long a step may take to show its result before the test fails (a bound, not a measurement).
STEP_TIMEOUT_MS = 20_000


@dataclass
class Camera:
    """Numbered full-page screenshots in one folder."""

    folder: Path
    taken: list[Path] = field(default_factory=list)

    async def shot(self, page: Page, name: str) -> Path:
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        await page.screenshot(path=str(path))
        self.taken.append(path)
        return path


@dataclass
class Client:
    """One browser tab on the emulator's page, acting through the page only."""

    page: Page
    driver: Driver

    async def act_as(self, username: str) -> None:
        await self.page.select_option("#as-select", self.driver.user_id(username))
        await expect(self.page.locator("#as-select")).to_have_value(self.driver.user_id(username))

    async def open_channel(self, channel_id: str) -> None:
        await self.channel(channel_id).click()
        await expect(self.page.locator(f'.channel.active[data-id="{channel_id}"]')).to_be_visible()

    def channel(self, channel_id: str) -> Locator:
        return self.page.locator(f'.channel[data-id="{channel_id}"]')

    async def set_language(self, locale: str) -> None:
        await self.page.select_option("#locale-select", locale)

    async def command(self, path: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        """Type ``/`` and the command's first word, pick ``path`` among the offers, fill its options, send;
        returns the page's answer from ``/_web/act`` (after the bot acknowledged, or 3 seconds)."""
        page = self.page
        await page.fill("#command-input", "/" + path.split()[0][:3])
        await page.locator(f'#suggestions li[data-command="{path}"]').click()
        for name, value in (options or {}).items():
            box = page.locator(f'#command-options [data-option="{name}"]')
            if await box.evaluate("n => n.tagName") == "SELECT":
                await box.select_option(str(value))
            else:
                await box.fill(str(value))
        async with page.expect_response("**/_web/act") as answer:
            await page.click("#command-send")
        return dict(await (await answer.value).json())

    async def click(self, button: Locator) -> dict[str, Any]:
        async with self.page.expect_response("**/_web/act") as answer:
            await button.click()
        return dict(await (await answer.value).json())

    async def pick(self, custom_id: str, value: str) -> dict[str, Any]:
        async with self.page.expect_response("**/_web/act") as answer:
            await self.page.locator(f'select[data-custom-id="{custom_id}"]').select_option(value)
        return dict(await (await answer.value).json())

    async def submit_dialog(self, values: dict[str, str]) -> dict[str, Any]:
        for custom_id, value in values.items():
            await self.page.locator(f'#modal [data-custom-id="{custom_id}"]').fill(value)
        async with self.page.expect_response("**/_web/act") as answer:
            await self.page.click("#modal-submit")
        return dict(await (await answer.value).json())

    def ephemeral(self) -> Locator:
        return self.page.locator("article.message.ephemeral")

    def message_with(self, selector: str) -> Locator:
        return self.page.locator("article.message").filter(has=self.page.locator(selector))
