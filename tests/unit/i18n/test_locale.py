"""Locale normalisation, resolution order and Discord command localizations."""

from __future__ import annotations

import re

import pytest

from gateway.i18n import command_text, default_translator, discord_localizations, normalize_locale, resolve_locale

TR = default_translator()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ru", "ru"),
        ("RU", "ru"),
        ("ru-RU", "ru"),
        ("en", "en"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("en_gb", "en"),
        (" en-us ", "en"),
        ("de", None),
        ("uk", None),
        ("", None),
        (None, None),
        ("english", None),
    ],
)
def test_normalize_locale(raw: str | None, expected: str | None) -> None:
    assert normalize_locale(raw) == expected


def test_resolution_order() -> None:
    assert resolve_locale("en", "ru", "ru") == "en"
    assert resolve_locale(None, "en-US", "ru") == "en"
    assert resolve_locale(None, "de", "en-GB") == "en"
    assert resolve_locale("xx", "de", "fr") == "ru"
    assert resolve_locale() == "ru"


def test_discord_localizations_cover_every_discord_code() -> None:
    result = discord_localizations(TR, "command.ping.description")
    assert set(result) == {"ru", "en-US", "en-GB"}
    assert result["en-US"] == result["en-GB"] == TR.text("en", "command.ping.description")
    assert result["ru"] == TR.text("ru", "command.ping.description")


_NAME = re.compile(r"^[-_\w]{1,32}$")


def test_every_command_text_respects_discord_limits() -> None:
    paths = sorted(
        key[len("command.") : -len(".name")]
        for key in TR.keys("ru")
        if key.startswith("command.") and key.endswith(".name")
    )
    assert "ping" in paths and "duel.round.start.option.duration_minutes" in paths
    for path in paths:
        text = command_text(TR, path)
        assert _NAME.match(text.name) and text.name == text.name.lower(), path
        assert 1 <= len(text.description) <= 100, path
        for value in text.name_localizations.values():
            assert _NAME.match(value) and value == value.lower()
        for value in text.description_localizations.values():
            assert 1 <= len(value) <= 100
        assert text.description == TR.text("ru", f"command.{path}.description")
