"""A headless Chromium for the browser-client tests: Debian's ``chromium`` driven by Playwright, never a
downloaded browser. Without either the tests are skipped, saying what is missing."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.async_api import Browser

#: Where Debian's package puts the browser (``apt-get install chromium``); ``CHROMIUM`` overrides.
_DEFAULT_CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None when the machine has none."""
    for candidate in (os.environ.get("CHROMIUM"), _DEFAULT_CHROMIUM, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium browser found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[test]')")
    async with async_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
        launched = await playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            await launched.close()
