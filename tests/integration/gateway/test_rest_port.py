"""The REST port actors use, against the emulator: typed errors, bucket state, private rooms."""

from __future__ import annotations

import pytest

from gateway._errors import DiscordUnavailable, Forbidden, NotFound, RateLimited
from gateway._rest_port import AiohttpDiscordRest, ChannelSpec, private_channel_overwrites
from gateway.emulator import LocalDiscord

pytestmark = pytest.mark.anyio

EDIT = "/channels/{channel_id}/messages/{message_id}"


async def test_message_lifecycle_and_bucket_state(local: LocalDiscord) -> None:
    channel = local.demo.general_channel_id
    async with AiohttpDiscordRest(local.emulator.token, api_base=local.emulator.api_base) as rest:
        assert rest.bucket("PATCH", EDIT, channel) is None
        msg = await rest.create_message(channel, {"content": "v1"})
        edited = await rest.edit_message(channel, msg["id"], {"content": "v2"})
        assert edited["content"] == "v2"
        state = rest.bucket("PATCH", EDIT, channel)
        assert state is not None and state.known and state.limit == 5 and state.remaining == 4
        await rest.pin_message(channel, msg["id"])
        assert (await rest.get_message(channel, msg["id"]))["pinned"] is True
        await rest.delete_message(channel, msg["id"])
        with pytest.raises(NotFound) as err:
            await rest.edit_message(channel, msg["id"], {"content": "v3"})
        assert err.value.code == 10008


async def test_a_repeated_nonce_with_enforce_nonce_returns_the_first_message(local: LocalDiscord) -> None:
    channel = local.demo.general_channel_id
    async with AiohttpDiscordRest(local.emulator.token, api_base=local.emulator.api_base) as rest:
        first = await rest.create_message(channel, {"content": "once", "nonce": "abc", "enforce_nonce": True})
        again = await rest.create_message(channel, {"content": "once", "nonce": "abc", "enforce_nonce": True})
        assert again["id"] == first["id"] and first["nonce"] == "abc"
        # Without enforce_nonce, or with another nonce, Discord posts again.
        loose = await rest.create_message(channel, {"content": "twice", "nonce": "abc"})
        other = await rest.create_message(channel, {"content": "once", "nonce": "abd", "enforce_nonce": True})
        assert len({first["id"], loose["id"], other["id"]}) == 3
        # Once the first message is deleted there is nothing to return: the repeat posts anew.
        await rest.delete_message(channel, first["id"])
        fresh = await rest.create_message(channel, {"content": "once", "nonce": "abc", "enforce_nonce": True})
        assert fresh["id"] != first["id"]
    assert len(local.driver.channel_messages(channel)) == 3


async def test_typed_errors_for_429_5xx_and_missing_permissions(local: LocalDiscord) -> None:
    demo = local.demo
    channel = demo.general_channel_id
    async with AiohttpDiscordRest(local.emulator.token, api_base=local.emulator.api_base) as rest:
        msg = await rest.create_message(channel, {"content": "x"})
        local.emulator.inject(429, method="PATCH", template=EDIT, retry_after=0.2)
        with pytest.raises(RateLimited) as limited:
            await rest.edit_message(channel, msg["id"], {"content": "y"})
        assert limited.value.retry_after == pytest.approx(0.2)
        blocked = rest.bucket("PATCH", EDIT, channel)
        assert blocked is not None and blocked.remaining == 0
        local.emulator.inject(502, method="PATCH", template=EDIT)
        with pytest.raises(DiscordUnavailable):
            await rest.edit_message(channel, msg["id"], {"content": "z"})
        # A room the bot may not see: posting there is Forbidden.
        hidden = local.emulator.world.add_channel(
            local.driver.guild,
            "staff",
            overwrites=[{"id": demo.guild_id, "type": 0, "allow": 0, "deny": 1024}],
        )
        with pytest.raises(Forbidden):
            await rest.create_message(hidden["id"], {"content": "hi"})
        assert rest.guard.total == 2  # the 429 and the 403 count towards the ban line, the 502 does not


async def test_private_room_in_a_category(local: LocalDiscord) -> None:
    demo = local.demo
    alice, bob = demo.members["alice"], demo.members["bob"]
    spec = ChannelSpec(
        name="pair-alice-bob",
        parent_id=demo.category_id,
        overwrites=private_channel_overwrites(demo.guild_id, [alice, bob], local.emulator.world.bot_id),
    )
    async with AiohttpDiscordRest(local.emulator.token, api_base=local.emulator.api_base) as rest:
        room = await rest.create_channel(demo.guild_id, spec)
        assert room["parent_id"] == demo.category_id
        assert local.driver.permissions("alice", room["id"]) & (1 << 10)
        assert local.driver.permissions("bob", room["id"]) & (1 << 11)
        assert not local.driver.permissions("carol", room["id"]) & (1 << 10)
        await rest.add_member_role(demo.guild_id, alice, demo.moderator_role_id)
        member = await rest.get_member(demo.guild_id, alice)
        assert demo.moderator_role_id in member["roles"]
        roles = await rest.get_roles(demo.guild_id)
        assert any(r["id"] == demo.guild_id for r in roles)
