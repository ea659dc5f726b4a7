"""``together invite`` prints the URL that adds the bot with exactly the permissions its features check for."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from features.kernel import CHANNEL_POST_PERMISSIONS, GUILD_PERMISSIONS, PAIR_CATEGORY_PERMISSIONS, Permission
from together._invite import bot_permissions
from together.cli import main

APP_ID = "123456789012345678"


def test_the_url_carries_the_application_the_scopes_and_the_features_permissions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISCORD_APP_ID", APP_ID)
    result = CliRunner().invoke(main, ["invite"])
    assert result.exit_code == 0, result.output
    url = urlsplit(result.stdout.strip())
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    query = parse_qs(url.query)
    assert query["client_id"] == [APP_ID]
    assert query["scope"] == ["bot applications.commands"]
    granted = Permission(int(query["permissions"][0]))
    # Everything the doctor checks, nothing more: no Administrator, which would hide a misconfigured channel.
    assert granted == GUILD_PERMISSIONS | CHANNEL_POST_PERMISSIONS | PAIR_CATEGORY_PERMISSIONS == bot_permissions()
    assert Permission.ADMINISTRATOR not in granted
    assert int(granted) == 268520464
    assert "MANAGE_CHANNELS" in result.stderr and "MANAGE_ROLES" in result.stderr


def test_the_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_APP_ID", APP_ID)
    result = CliRunner().invoke(main, ["invite", "--app-id", "987654321098765432"])
    assert "client_id=987654321098765432" in result.stdout


@pytest.mark.parametrize("app_id", [None, "abc"])
def test_without_a_valid_application_id_it_says_so_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, app_id: str | None
) -> None:
    monkeypatch.delenv("DISCORD_APP_ID", raising=False)
    result = CliRunner().invoke(main, ["invite"] + (["--app-id", app_id] if app_id else []))
    assert result.exit_code == 2
    assert "application id" in result.stderr and result.stdout == ""
