"""``together commands deploy``: one bulk overwrite of every slash command, per guild or global."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gateway._rest_port import AiohttpDiscordRest
from gateway.emulator import LocalDiscord
from together._commands_deploy import command_list, deploy_commands
from together.cli import main

pytestmark = pytest.mark.anyio


def _names(local: LocalDiscord, scope: str) -> list[str]:
    return sorted(c["name"] for c in local.emulator.world.commands.get(scope, []))


async def test_deploy_overwrites_the_guild_commands_and_then_the_global_ones(local: LocalDiscord) -> None:
    world = local.emulator.world
    guild = local.demo.guild_id
    world.commands[guild] = [{"id": "1", "name": "legacy", "description": "gone after deploy", "type": 1}]
    async with AiohttpDiscordRest(local.settings.token, api_base=local.emulator.api_base) as rest:
        deployed = await deploy_commands(rest, world.app_id, guild)
        # Every command the bot serves, and nothing else: "legacy" was removed.
        assert deployed == sorted(str(c["name"]) for c in command_list()) == _names(local, guild)
        assert {"admin", "duel", "pair", "ping", "setup"} <= set(deployed)
        admin = next(c for c in world.commands[guild] if c["name"] == "admin")
        # /admin and /setup are shown to administrators only; the rest to everyone (the handlers check anyway).
        hidden = {c["name"] for c in world.commands[guild] if c.get("default_member_permissions") is not None}
        assert hidden == {"admin", "setup"}
        assert str(admin["default_member_permissions"]) == "8"
        assert admin["description_localizations"]["ru"] == "Управление ботом на сервере"
        groups = {o["name"]: o for o in admin["options"]}
        assert set(groups) == {"status", "doctor", "feature", "config", "schedule"}
        assert {o["name"] for o in groups["feature"]["options"]} == {"set", "enable-all", "disable-all"}

        assert await deploy_commands(rest, world.app_id, None) == deployed
    assert _names(local, "global") == deployed
    assert command_list() == command_list()  # deterministic, so repeated deploys change nothing


def test_deploy_needs_the_bot_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISCORD_TOKEN", "DISCORD_APP_ID", "DISCORD_GUILD_ID"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["commands", "deploy"])
    assert result.exit_code == 2
    assert "DISCORD_TOKEN and DISCORD_APP_ID" in result.output
