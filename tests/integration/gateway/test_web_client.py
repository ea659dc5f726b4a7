"""The browser client's JSON API on a real emulator: what a member sees (channels by Discord's permission rules,
ephemeral replies only for them, failed interactions), the page's files, and the live event stream. A stand-in
bot answers interactions over the emulator's REST API, as the real one does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from gateway.emulator import LocalDiscord, start_local_emulator
from gateway.emulator._permissions import VIEW_CHANNEL

pytestmark = pytest.mark.anyio


@pytest.fixture
async def quiet_local() -> AsyncIterator[LocalDiscord]:
    """An emulator with no bot: nothing answers unless the test does."""
    env = await start_local_emulator()
    try:
        guild = env.demo.guild_id
        env.emulator.world.commands[guild] = [
            {
                "id": env.emulator.world.ids.next(),
                "name": "ping",
                "type": 1,
                "description": "ping",
                "guild_id": guild,
                "application_id": env.emulator.world.app_id,
                "options": [],
            }
        ]
        yield env
        assert env.emulator.violations == []
    finally:
        await env.close()


async def _view(env: LocalDiscord, who: str, channel: str | None = None) -> dict[str, Any]:
    params = {"as": who} | ({"channel": channel} if channel else {})
    async with aiohttp.ClientSession() as s, s.get(env.emulator.base_url + "/_web/view", params=params) as r:
        assert r.status == 200
        return dict(await r.json())


async def _act(env: LocalDiscord, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as s, s.post(env.emulator.base_url + "/_web/act", json=body) as r:
        return r.status, dict(await r.json())


async def _answer_next(env: LocalDiscord, seen: int, data: dict[str, Any]) -> None:
    """Be the bot: wait for the next interaction and reply to it with ``data``."""
    world = env.emulator.world
    for _ in range(500):  # the page's request dispatches it within moments
        if len(world.interactions) > seen:
            break
        await asyncio.sleep(0.01)
    rec = list(world.interactions.values())[-1]
    url = f"{env.emulator.api_base}/interactions/{rec.id}/{rec.token}/callback"
    async with aiohttp.ClientSession() as s, s.post(url, json={"type": 4, "data": data}) as r:
        assert r.status == 204


async def test_a_private_channel_is_listed_only_for_those_who_can_view_it(quiet_local: LocalDiscord) -> None:
    env, demo = quiet_local, quiet_local.demo
    room = env.driver.add_text_channel("pair-alice", parent_id=demo.category_id)
    channel = env.driver.guild.channels[room]
    channel["permission_overwrites"] = [
        {"id": demo.guild_id, "type": 0, "allow": "0", "deny": str(VIEW_CHANNEL)},
    ]
    env.driver.set_overwrite(room, "alice", allow=VIEW_CHANNEL)

    def listed(view: dict[str, Any]) -> bool:
        return room in {c["id"] for c in view["channels"]}

    assert listed(await _view(env, "alice"))
    assert listed(await _view(env, "owner"))  # the owner sees everything
    assert not listed(await _view(env, "bob"))
    hidden = await _view(env, "bob", room)
    assert "timeline" not in hidden  # nor can bob read it by asking for it


async def test_an_ephemeral_reply_is_in_the_timeline_of_its_member_only(quiet_local: LocalDiscord) -> None:
    env, general = quiet_local, quiet_local.demo.general_channel_id
    seen = len(env.emulator.world.interactions)
    bot = asyncio.create_task(_answer_next(env, seen, {"content": "**только** вам", "flags": 64}))
    status, answer = await _act(env, {"as": "alice", "kind": "command", "command": "ping", "channel_id": general})
    await bot
    assert status == 200 and answer["acknowledged"] is True and answer["modal"] is None

    mine = (await _view(env, "alice", general))["timeline"]
    assert [e["message"]["content"] for e in mine] == ["**только** вам"]
    assert mine[0]["used"] == {"user_id": env.driver.user_id("alice"), "command": "ping"}
    assert (await _view(env, "bob", general))["timeline"] == []


async def test_an_unanswered_interaction_shows_as_failed_to_its_member(quiet_local: LocalDiscord) -> None:
    env, general = quiet_local, quiet_local.demo.general_channel_id
    status, answer = await _act(env, {"as": "carol", "kind": "command", "command": "ping", "channel_id": general})
    assert status == 200 and answer["acknowledged"] is False
    timeline = (await _view(env, "carol", general))["timeline"]
    assert [(e["kind"], e["what"]) for e in timeline] == [("failed", "ping")]
    assert (await _view(env, "alice", general))["timeline"] == []
    env.emulator.world.interactions.clear()  # the failure was the point; nothing else is left unanswered


async def test_a_bad_action_is_refused_with_a_reason(quiet_local: LocalDiscord) -> None:
    env, general = quiet_local, quiet_local.demo.general_channel_id
    status, answer = await _act(env, {"as": "alice", "kind": "command", "command": "nope", "channel_id": general})
    assert status == 400 and "nope" in answer["error"]
    status, answer = await _act(env, {"as": "alice", "kind": "dance", "channel_id": general})
    assert status == 400 and "dance" in answer["error"]
    status, answer = await _act(env, {"as": "alice", "kind": "command", "command": "ping", "channel_id": "1"})
    assert status == 400


async def test_the_page_and_its_files_are_served_and_nothing_else(quiet_local: LocalDiscord) -> None:
    base = quiet_local.emulator.base_url
    async with aiohttp.ClientSession() as s:
        async with s.get(base + "/") as r:
            assert r.status == 200 and r.content_type == "text/html"
            page = await r.text()
        for script in ("markdown.js", "components.js", "app.js"):
            assert f"/web/{script}" in page
            async with s.get(f"{base}/web/{script}") as r:
                assert r.status == 200 and r.content_type == "text/javascript"
        async with s.get(base + "/web/app.css") as r:
            assert r.status == 200 and r.content_type == "text/css"
        async with s.get(base + "/web/_web.py") as r:
            assert r.status == 404
    assert "http" not in page.replace("http-equiv", "")  # nothing is fetched from elsewhere


async def test_the_event_stream_announces_a_change(quiet_local: LocalDiscord) -> None:
    env = quiet_local
    async with aiohttp.ClientSession() as s, s.get(env.emulator.base_url + "/_web/events") as r:
        assert r.headers["Content-Type"] == "text/event-stream"
        assert await r.content.readline() == b"event: change\n"  # the first state, at once
        await r.content.readline()
        await r.content.readline()
        env.driver.add_text_channel("news")
        assert await r.content.readline() == b"event: change\n"
