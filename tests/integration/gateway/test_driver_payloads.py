"""Interaction payloads carry every field whose absence makes interactions.py drop them silently (§3.6)."""

from __future__ import annotations

import pytest

from gateway.emulator import LocalDiscord
from gateway.emulator._snowflake import snowflake_time

pytestmark = pytest.mark.anyio

ALWAYS = ("id", "token", "type", "data", "channel_id", "locale", "guild_id", "member")


async def test_command_payload_is_complete_with_resolved_options(local: LocalDiscord) -> None:
    import time

    demo = local.demo
    local.emulator.world.commands[demo.guild_id] = [
        {
            "id": "77",
            "name": "admin",
            "type": 1,
            "description": "admin",
            "guild_id": demo.guild_id,
            "options": [
                {
                    "type": 1,
                    "name": "grant",
                    "description": "g",
                    "options": [
                        {"type": 6, "name": "user", "description": "u"},
                        {"type": 8, "name": "role", "description": "r"},
                        {"type": 7, "name": "channel", "description": "c"},
                        {"type": 4, "name": "days", "description": "d"},
                    ],
                }
            ],
        }
    ]
    options = {
        "user": demo.members["bob"],
        "role": demo.moderator_role_id,
        "channel": demo.general_channel_id,
        "days": 3,
    }
    rec = await local.driver.run_command("alice", "admin grant", options)
    p = rec.payload
    assert all(k in p for k in ALWAYS)
    assert {"permissions", "user"} <= set(p["member"])
    assert {"id", "avatar", "discriminator"} <= set(p["member"]["user"])
    assert p["data"]["id"] == "77" and p["data"]["name"] == "admin"
    (sub,) = p["data"]["options"]
    assert sub["name"] == "grant" and sub["type"] == 1
    assert {o["name"]: o["value"] for o in sub["options"]} == {**options, "days": 3}
    resolved = p["data"]["resolved"]
    assert demo.members["bob"] in resolved["users"] and demo.members["bob"] in resolved["members"]
    assert demo.moderator_role_id in resolved["roles"]
    assert demo.general_channel_id in resolved["channels"]
    assert abs(snowflake_time(p["id"]) - time.time()) < 5  # a genuine snowflake stamped now
    local.emulator.world.interactions.clear()  # never meant to be acknowledged (no bot connected)


async def test_a_dm_command_has_a_user_and_the_dm_channel_and_no_guild(local: LocalDiscord) -> None:
    demo = local.demo
    local.emulator.world.commands[demo.guild_id] = [
        {"id": "78", "name": "pair", "type": 1, "description": "p", "guild_id": demo.guild_id, "options": [
            {"type": 1, "name": "create", "description": "c", "options": [
                {"type": 6, "name": "member1", "description": "m"}]}]},
    ]
    rec = await local.driver.run_dm_command("alice", "pair create", {"member1": demo.members["bob"]})
    p = rec.payload
    assert rec.guild_id is None and rec.user_id == demo.members["alice"]
    assert not {"guild_id", "member", "guild"} & set(p) and "guild_id" not in p["data"]
    assert p["user"]["id"] == demo.members["alice"] and p["context"] == 1
    assert p["channel"]["type"] == 1 and p["channel_id"] == p["channel"]["id"]
    assert set(p["data"]["resolved"]) == {"users"}  # outside a server only users are resolved
    # The bot asking Discord for the DM channel gets the same one.
    assert local.emulator.world.dm_channel(demo.members["alice"])["id"] == p["channel_id"]
    local.emulator.world.interactions.clear()


async def test_unknown_commands_and_components_are_refused_by_the_driver(local: LocalDiscord) -> None:
    with pytest.raises(LookupError):
        await local.driver.run_command("alice", "nope")
    with pytest.raises(LookupError):
        await local.driver.click("alice", "123", "tb|1|x|y|e30")
