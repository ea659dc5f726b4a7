"""The emulator's gateway protocol, spoken by a bare websocket client and by the real library."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import interactions
import pytest

from gateway._client import DiscordGateway
from gateway._settings import GatewaySettings
from gateway.emulator import DiscordEmulator, Driver

pytestmark = pytest.mark.anyio


@pytest.fixture
async def emu() -> AsyncIterator[DiscordEmulator]:
    emulator = DiscordEmulator(heartbeat_interval_ms=100)
    await emulator.start()
    emulator.world.add_demo_guild()
    try:
        yield emulator
    finally:
        await emulator.close()


async def _frames(ws: aiohttp.ClientWebSocketResponse, n: int) -> list[dict[str, Any]]:
    return [json.loads((await ws.receive(timeout=5)).data) for _ in range(n)]


async def test_hello_identify_ready_guild_create_and_resume(emu: DiscordEmulator) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.ws_connect(emu.gateway_url) as ws:
            (hello,) = await _frames(ws, 1)
            assert hello == {"op": 10, "d": {"heartbeat_interval": 100}}
            await ws.send_json({"op": 2, "d": {"token": emu.token, "intents": 0}})
            ready, guild = await _frames(ws, 2)
            assert (ready["t"], ready["s"], guild["t"], guild["s"]) == ("READY", 1, "GUILD_CREATE", 2)
            session_id = ready["d"]["session_id"]
            assert ready["d"]["guilds"][0]["id"] == guild["d"]["id"]
            await ws.send_json({"op": 1, "d": 2})
            assert (await _frames(ws, 1))[0] == {"op": 11}
        await emu.gateway.dispatch("CHANNEL_UPDATE", {"id": "1"})  # missed while disconnected
        async with s.ws_connect(emu.gateway_url) as ws:
            await _frames(ws, 1)
            await ws.send_json({"op": 6, "d": {"token": emu.token, "session_id": session_id, "seq": 2}})
            replayed, resumed = await _frames(ws, 2)
            assert (replayed["t"], replayed["s"]) == ("CHANNEL_UPDATE", 3)
            assert (resumed["t"], resumed["s"]) == ("RESUMED", 4)
        async with s.ws_connect(emu.gateway_url) as ws:
            await _frames(ws, 1)
            await ws.send_json({"op": 6, "d": {"token": emu.token, "session_id": "unknown", "seq": 1}})
            assert (await _frames(ws, 1))[0] == {"op": 9, "d": False}


async def test_bad_token_closes_with_4004_and_payload_flood_with_4008(emu: DiscordEmulator) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.ws_connect(emu.gateway_url) as ws:
            await _frames(ws, 1)
            await ws.send_json({"op": 2, "d": {"token": "wrong"}})
            msg = await ws.receive(timeout=5)
            assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 4004
        async with s.ws_connect(emu.gateway_url) as ws:
            await _frames(ws, 1)
            for _ in range(121):
                await ws.send_json({"op": 3, "d": {}})
            while (msg := await ws.receive(timeout=5)).type == aiohttp.WSMsgType.TEXT:
                pass
            assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 4008
    assert emu.gateway.rate_limit_closes == 1


async def test_library_heartbeats_and_subcommand_options_reach_the_handler(emu: DiscordEmulator) -> None:
    demo_guild = next(iter(emu.world.guilds.values()))
    general = next(c for c in demo_guild.channels.values() if c["name"] == "general")
    drv = Driver(emu, demo_guild.id, general["id"])
    got: dict[str, Any] = {}

    pair = interactions.SlashCommand(name="pair", description="pairs")

    async def create(ctx: interactions.SlashContext, user: interactions.Member, note: str) -> None:
        got.update(user=str(user.id), note=note, sub=ctx.invoke_target)
        await ctx.send("ok", ephemeral=True)

    pair_create = pair.subcommand(
        sub_cmd_name="create",
        sub_cmd_description="create a pair",
        options=[
            interactions.SlashCommandOption(name="user", type=interactions.OptionType.USER, description="u"),
            interactions.SlashCommandOption(
                name="note", type=interactions.OptionType.STRING, description="n"
            ),
        ],
    )(create)
    gw = DiscordGateway(
        GatewaySettings(token=emu.token, guild_id=int(demo_guild.id), api_base=emu.api_base),
        commands=[pair_create],
    )
    await gw.start()
    try:
        bob = drv.user_id("bob")
        rec = await drv.run_command("alice", "pair create", {"user": bob, "note": "hi"})
        assert await drv.wait_ack(rec)
        assert got == {"user": bob, "note": "hi", "sub": "pair create"}
        await asyncio.sleep(0.3)  # a few 100 ms heartbeat intervals
        assert any(f.get("op") == 1 for f in emu.gateway.received)
        assert drv.failed_interactions() == []
        assert emu.violations == []
    finally:
        await gw.stop()


async def test_withheld_heartbeat_ack_makes_the_library_resume(emu: DiscordEmulator) -> None:
    demo_guild = next(iter(emu.world.guilds.values()))
    general = next(c for c in demo_guild.channels.values() if c["name"] == "general")
    drv = Driver(emu, demo_guild.id, general["id"])
    gw = DiscordGateway(GatewaySettings(token=emu.token, guild_id=int(demo_guild.id), api_base=emu.api_base))
    await gw.start()
    try:
        emu.gateway.withhold_heartbeat_acks = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while not (emu.gateway.current is not None and emu.gateway.current.resumes >= 1):
            assert loop.time() < deadline, "the client never resumed its zombied connection"
            await asyncio.sleep(0.02)
        emu.gateway.withhold_heartbeat_acks = False
        rec = await drv.run_command("alice", "ping")
        assert await drv.wait_ack(rec)
    finally:
        await gw.stop()
