"""The emulator's control API as a faithful stand-in for Discord's client: people, channels and roles by name,
refusals in Discord's error shape saying what was wrong, options and modal fields checked the way Discord checks
them, and the acting member's language."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from gateway._client import DiscordGateway
from gateway._i18n import translate
from gateway.emulator import InteractionRecord, LocalDiscord

pytestmark = pytest.mark.anyio

_HUG = {
    "id": "900000000000000001",
    "name": "hug",
    "type": 1,
    "description": "hug someone",
    "options": [
        {"type": 6, "name": "member", "description": "who", "required": True},
        {"type": 7, "name": "where", "description": "where"},
        {"type": 4, "name": "times", "description": "how many", "min_value": 1, "max_value": 3},
        {"type": 3, "name": "mood", "description": "mood", "choices": [{"name": "warm", "value": "warm"}]},
    ],
}


async def _post(local: LocalDiscord, route: str, body: Any) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as s,
        s.post(f"{local.emulator.base_url}/_emulator/{route}", data=body if isinstance(body, str) else None,
               json=None if isinstance(body, str) else body) as r,
    ):
        return r.status, await r.json(content_type=None)


async def _rest(local: LocalDiscord, method: str, path: str, body: Any = None) -> int:
    async with (
        aiohttp.ClientSession() as s,
        s.request(method, local.emulator.api_base + path, json=body) as r,
    ):
        return r.status


async def _acting_as_the_bot(local: LocalDiscord, reply: dict[str, Any]) -> InteractionRecord:
    """Answer the next interaction the way a bot would (``reply`` is the callback body); return it."""
    known = set(local.emulator.world.interactions)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while not (fresh := [r for i, r in local.emulator.world.interactions.items() if i not in known]):
        assert loop.time() < deadline, "no interaction arrived"
        await asyncio.sleep(0.01)
    rec = fresh[0]
    assert await _rest(local, "POST", f"/interactions/{rec.id}/{rec.token}/callback", reply) == 204
    return rec


@pytest.fixture
def hug(local: LocalDiscord) -> dict[str, Any]:
    local.emulator.world.commands[local.demo.guild_id] = [{**_HUG, "guild_id": local.demo.guild_id}]
    return _HUG


async def test_members_and_channels_go_by_name(local: LocalDiscord, hug: dict[str, Any]) -> None:
    body = {"user": "Alice", "command": "/hug", "options": {"member": "bob", "where": "#general"}}
    request = asyncio.create_task(_post(local, "command", body))
    rec = await _acting_as_the_bot(local, {"type": 4, "data": {"content": "🤗"}})
    status, answer = await request
    assert status == 200 and answer["acknowledged"] is True
    bob, general = local.demo.members["bob"], local.demo.general_channel_id
    options = {o["name"]: o["value"] for o in rec.payload["data"]["options"]}
    assert options == {"member": bob, "where": general}
    assert bob in rec.payload["data"]["resolved"]["members"]
    assert rec.user_id == local.demo.members["alice"]


@pytest.mark.parametrize(
    ("body", "status", "code", "says"),
    [
        ({"user": "alice", "command": "hug", "options": {"member": "zed"}}, 404, 10013, "no member 'zed'"),
        ({"user": "nobody", "command": "hug", "options": {"member": "bob"}}, 404, 10013, "no member 'nobody'"),
        ({"user": "alice", "command": "hug", "options": {}}, 400, 50035, "required option 'member' is missing"),
        ({"user": "alice", "command": "hug", "options": {"member": "bob", "hat": "x"}}, 400, 50035,
         "has no option 'hat'"),
        ({"user": "alice", "command": "hug", "options": {"member": "bob", "times": 9}}, 400, 50035,
         "between 1 and 3"),
        ({"user": "alice", "command": "hug", "options": {"member": "bob", "mood": "cold"}}, 400, 50035,
         "not a choice"),
        ({"user": "alice", "command": "hug", "options": {"member": "bob", "where": "attic"}}, 404, 10003,
         "no channel 'attic'"),
        ({"user": "alice", "command": "nap"}, 404, 10063, "/nap is not registered"),
        ({"user": "alice"}, 400, 50035, "'command' is required"),
        ({"user": "alice", "command": "hug", "locale": "klingon", "options": {"member": "bob"}}, 400, 50035,
         "not a Discord locale"),
        ("{not json", 400, 50109, "invalid JSON"),
    ],
)
async def test_a_refused_command_says_what_was_wrong_in_discords_shape(
    local: LocalDiscord, hug: dict[str, Any], body: Any, status: int, code: int, says: str
) -> None:
    before = len(local.emulator.world.interactions)
    got, answer = await _post(local, "command", body)
    assert (got, answer["code"]) == (status, code)
    assert set(answer) == {"code", "message"} and says in answer["message"]
    assert len(local.emulator.world.interactions) == before  # nothing reached the bot


async def test_a_press_on_a_button_a_rerender_removed_is_refused_plainly(local: LocalDiscord) -> None:
    button = {"type": 2, "style": 1, "label": "Go", "custom_id": "go"}
    row = {"type": 1, "components": [button]}
    mid = local.driver.place_message(local.demo.general_channel_id, {"components": [row]})
    status, answer = await _post(local, "click", {"user": "bob", "message_id": mid, "custom_id": "gone"})
    assert (status, answer["code"]) == (400, 50035) and "has no component 'gone'" in answer["message"]
    status, answer = await _post(local, "click", {"user": "bob", "message_id": "1", "custom_id": "go"})
    assert (status, answer["code"]) == (404, 10008)
    status, answer = await _post(local, "frobnicate", {})
    assert (status, answer["code"]) == (404, 0) and "/_emulator/frobnicate" in answer["message"]


async def test_a_modal_submit_is_checked_against_the_modal(local: LocalDiscord, hug: dict[str, Any]) -> None:
    modal = {
        "custom_id": "note",
        "title": "Note",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "text", "style": 1, "label": "Text"}]},
            {"type": 1, "components": [
                {"type": 4, "custom_id": "extra", "style": 1, "label": "Extra", "required": False, "max_length": 5}
            ]},
        ],
    }
    hugging = {"user": "bob", "command": "hug", "options": {"member": "carol"}}
    request = asyncio.create_task(_post(local, "command", hugging))
    opened = await _acting_as_the_bot(local, {"type": 9, "data": modal})
    assert (await request)[1]["modal"]["custom_id"] == "note"

    for values, says in [
        ({"text": "hi", "mood": "x"}, "the modal has no field 'mood' (its fields: text, extra)"),
        ({"extra": "ok"}, "field 'text' is required"),
        ({"text": "hi", "extra": "too long"}, "field 'extra' takes at most 5 characters"),
    ]:
        status, answer = await _post(local, "modal", {"user": "bob", "interaction_id": opened.id, "values": values})
        assert (status, answer["code"]) == (400, 50035) and says in answer["message"]

    request = asyncio.create_task(
        _post(local, "modal", {"user": "bob", "interaction_id": opened.id, "values": {"text": "hi"}})
    )
    submitted = await _acting_as_the_bot(local, {"type": 4, "data": {"content": "saved"}})
    assert (await request)[0] == 200
    fields = [row["components"][0] for row in submitted.payload["data"]["components"]]
    assert [(f["custom_id"], f["value"]) for f in fields] == [("text", "hi"), ("extra", "")]
    status, answer = await _post(local, "modal", {"user": "bob", "interaction_id": "42", "values": {}})
    assert (status, answer["code"]) == (404, 10062)


async def test_the_acting_members_locale_is_settable_and_the_ping_reply_follows_it(local: LocalDiscord) -> None:
    """In a guild the bot answers in the guild's language, but the interaction carries the member's; in direct
    messages /ping answers in the member's."""
    gw = DiscordGateway(local.settings)
    await gw.start()
    try:
        assert await _post(local, "locale", {"user": "bob", "locale": "ru"}) == (200, {
            "user": local.demo.members["bob"], "locale": "ru"
        })
        status, answer = await _post(local, "command", {"user": "bob", "command": "ping", "dm": True})
        assert status == 200 and answer["reply"]["content"] == translate("ping.reply", "ru")
        await _post(local, "locale", {"user": "bob", "locale": "en-US"})
        _, answer = await _post(local, "command", {"user": "bob", "command": "ping", "dm": True})
        assert answer["reply"]["content"] == translate("ping.reply", "en")
        _, answer = await _post(local, "command", {"user": "bob", "command": "ping", "dm": True, "locale": "ru"})
        assert answer["reply"]["content"] == translate("ping.reply", "ru")  # one interaction's override
        _, answer = await _post(local, "command", {"user": "bob", "command": "ping"})
        assert local.emulator.world.interactions[answer["interaction_id"]].payload["locale"] == "en-US"
        status, answer = await _post(local, "locale", {"user": "bob", "locale": "xx"})
        assert (status, answer["code"]) == (400, 50035)
    finally:
        await gw.stop()
    assert translate("ping.reply", "ru") != translate("ping.reply", "en")


async def test_an_emulator_bug_answers_in_discords_shape_and_is_recorded(
    local: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gateway.emulator import _rest

    async def broken(emu: Any, call: Any) -> Any:
        raise KeyError("oops")

    monkeypatch.setitem(_rest.HANDLERS, ("GET", "/users/@me"), broken)
    async with (
        aiohttp.ClientSession() as s,
        s.get(local.emulator.api_base + "/users/@me", headers={"Authorization": f"Bot {local.emulator.token}"}) as r,
    ):
        assert r.status == 500 and r.headers["Content-Type"] == "application/json"
        assert await r.json() == {"code": 0, "message": "500: Internal Server Error (KeyError)"}
    assert [v.problems for v in local.emulator.violations] == [["emulator error: KeyError: 'oops'"]]
    local.emulator.violations.clear()  # seen; the fixture's check is for the requests the bot sends
