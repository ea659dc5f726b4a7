"""The emulator enforces Discord's rules on plain REST traffic (no bot library involved)."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from gateway.emulator import TOKEN_LIFETIME, LocalDiscord

pytestmark = pytest.mark.anyio


async def _call(
    local: LocalDiscord, method: str, path: str, body: Any = None, *, auth: bool = True
) -> tuple[int, dict[str, str], Any]:
    headers = {"Authorization": f"Bot {local.emulator.token}"} if auth else {}
    async with (
        aiohttp.ClientSession() as s,
        s.request(method, local.emulator.api_base + path, json=body, headers=headers) as r,
    ):
        data = await r.json(content_type=None) if r.status != 204 else None
        return r.status, dict(r.headers), data


async def test_login_routes_answer_with_exact_json_content_type(local: LocalDiscord) -> None:
    status, headers, me = await _call(local, "GET", "/users/@me")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert {"id", "username", "discriminator", "avatar", "verified"} <= set(me)
    status, _, gw = await _call(local, "GET", "/gateway")
    assert gw["url"] == local.emulator.gateway_url


async def test_the_dm_channel_route_returns_one_channel_per_user(local: LocalDiscord) -> None:
    alice = local.demo.members["alice"]
    status, _, first = await _call(local, "POST", "/users/@me/channels", {"recipient_id": alice})
    assert status == 200 and first["type"] == 1 and first["recipients"][0]["id"] == alice
    _, _, again = await _call(local, "POST", "/users/@me/channels", {"recipient_id": alice})
    assert again["id"] == first["id"]


async def test_bad_token_is_401(local: LocalDiscord) -> None:
    status, _, body = await _call(local, "GET", "/users/@me", auth=False)
    assert status == 401
    assert body["message"] == "401: Unauthorized"


async def test_route_bucket_429_has_real_headers_and_body(local: LocalDiscord) -> None:
    channel = local.demo.general_channel_id
    statuses = []
    for i in range(6):
        status, headers, body = await _call(
            local, "POST", f"/channels/{channel}/messages", {"content": str(i)}
        )
        statuses.append(status)
    assert statuses == [200] * 5 + [429]
    assert headers["X-RateLimit-Remaining"] == "0"
    assert float(headers["X-RateLimit-Reset-After"]) > 0
    assert headers["X-RateLimit-Scope"] == "user"
    assert headers["X-RateLimit-Bucket"]
    assert body["message"] == "You are being rate limited." and body["global"] is False
    assert [m["content"] for m in local.driver.channel_messages(channel)] == ["0", "1", "2", "3", "4"]


async def test_global_limit_of_fifty_per_second(local: LocalDiscord) -> None:
    local.emulator.limiter.global_window = 60.0  # the same rule over a window no slow machine can outlast
    results = [await _call(local, "GET", "/guilds/" + local.demo.guild_id + "/roles") for _ in range(55)]
    refused = [r for r in results if r[0] == 429]
    assert refused, "the 51st request within a second must be refused"
    assert refused[0][1]["X-RateLimit-Global"] == "true"
    assert refused[0][2]["global"] is True


async def test_schema_violation_is_refused_and_recorded(local: LocalDiscord) -> None:
    status, _, body = await _call(
        local, "POST", f"/channels/{local.demo.general_channel_id}/messages", {"content": 12, "tts": "yes"}
    )
    assert status == 400 and body["code"] == 50035
    assert len(local.emulator.violations) == 1
    assert any("content" in p for p in local.emulator.violations[0].problems)
    local.emulator.violations.clear()  # the fixture asserts none remain


async def test_components_v2_rule_violation_is_refused(local: LocalDiscord) -> None:
    body = {"flags": 1 << 15, "content": "not allowed", "components": [{"type": 10, "content": "x"}]}
    status, _, err = await _call(local, "POST", f"/channels/{local.demo.general_channel_id}/messages", body)
    assert status == 400 and err["code"] == 50035
    local.emulator.violations.clear()


async def test_private_channel_overwrites_drive_computed_permissions(local: LocalDiscord) -> None:
    demo = local.demo
    alice, carol = demo.members["alice"], demo.members["carol"]
    body = {
        "name": "pair-room",
        "type": 0,
        "parent_id": int(demo.category_id),
        "permission_overwrites": [
            {"id": int(demo.guild_id), "type": 0, "allow": 0, "deny": 1024},
            {"id": int(alice), "type": 1, "allow": 1024 | 2048, "deny": 0},
        ],
    }
    status, _, channel = await _call(local, "POST", f"/guilds/{demo.guild_id}/channels", body)
    assert status == 201
    assert channel["parent_id"] == demo.category_id
    assert channel["permission_overwrites"][0] == {
        "id": demo.guild_id,
        "type": 0,
        "allow": "0",
        "deny": "1024",
    }
    assert local.driver.permissions("alice", channel["id"]) & 1024
    assert not local.driver.permissions("carol", channel["id"]) & 1024
    assert [c["id"] for c in local.driver.channels(parent_id=demo.category_id)][-1] == channel["id"]
    status, _, member = await _call(local, "GET", f"/guilds/{demo.guild_id}/members/{carol}")
    assert member["user"]["id"] == carol


async def test_edit_delete_pin_and_edit_counts(local: LocalDiscord) -> None:
    ch = local.demo.general_channel_id
    _, _, msg = await _call(local, "POST", f"/channels/{ch}/messages", {"content": "v1"})
    await _call(local, "PATCH", f"/channels/{ch}/messages/{msg['id']}", {"content": "v2"})
    status, _, _ = await _call(local, "PUT", f"/channels/{ch}/pins/{msg['id']}")
    assert status == 204
    stored = local.driver.channel_messages(ch)[0]
    assert stored["content"] == "v2" and stored["pinned"] is True
    assert local.driver.edit_count(msg["id"]) == 1
    assert (await _call(local, "DELETE", f"/channels/{ch}/messages/{msg['id']}"))[0] == 204
    status, _, err = await _call(local, "PATCH", f"/channels/{ch}/messages/{msg['id']}", {"content": "v3"})
    assert status == 404 and err["code"] == 10008


async def test_injected_faults_answer_first_then_clear(local: LocalDiscord) -> None:
    local.emulator.inject(503, method="GET", template="/guilds/{guild_id}/roles")
    assert (await _call(local, "GET", f"/guilds/{local.demo.guild_id}/roles"))[0] == 503
    assert (await _call(local, "GET", f"/guilds/{local.demo.guild_id}/roles"))[0] == 200


async def test_ack_deadline_double_ack_and_token_lifetime(local: LocalDiscord) -> None:
    """A late ack is 10062 and a failed interaction; a second ack is 40060; tokens die after 15 minutes."""
    local.emulator.world.commands["global"] = [{"id": "1", "name": "ping", "type": 1, "description": "p"}]
    drv = local.driver
    late = await drv.run_command("alice", "ping")
    local.emulator.time_offset += 3.5
    status, _, err = await _call(local, "POST", f"/interactions/{late.id}/{late.token}/callback", {"type": 5})
    assert status == 404 and err["code"] == 10062
    assert drv.failed_interactions() == [late]

    ok = await drv.run_command("bob", "ping")
    cb = f"/interactions/{ok.id}/{ok.token}/callback"
    assert (await _call(local, "POST", cb, {"type": 4, "data": {"content": "hi", "flags": 64}}))[0] == 204
    status, _, err = await _call(local, "POST", cb, {"type": 4, "data": {"content": "again"}})
    assert status == 400 and err["code"] == 40060
    app = local.emulator.world.app_id
    status, _, original = await _call(local, "GET", f"/webhooks/{app}/{ok.token}/messages/@original")
    assert status == 200 and original["content"] == "hi" and original["flags"] & 64
    local.emulator.time_offset += TOKEN_LIFETIME
    status, _, err = await _call(
        local, "PATCH", f"/webhooks/{app}/{ok.token}/messages/@original", {"content": "x"}
    )
    assert status == 401 and err["code"] == 50027
    local.emulator.world.interactions.pop(late.id)  # acknowledged as failed above; keep the fixture's check


async def test_control_routes_let_a_person_act_as_a_member(local: LocalDiscord) -> None:
    from gateway._client import DiscordGateway

    gw = DiscordGateway(local.settings)
    await gw.start()
    try:
        async with aiohttp.ClientSession() as s:
            url = local.emulator.base_url + "/_emulator/command"
            async with s.post(url, json={"user": "alice", "command": "ping"}) as r:
                body = await r.json()
            async with s.get(local.emulator.base_url + "/_emulator/state") as r:
                state = await r.json()
    finally:
        await gw.stop()
    assert body["acknowledged"] is True and body["reply"]["content"]
    assert state["guilds"][0]["id"] == local.demo.guild_id
    assert any(c["name"] == "ping" for c in state["commands"][local.demo.guild_id])
