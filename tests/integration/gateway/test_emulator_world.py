"""The emulator's world kept in a data folder: the demo guild a fresh folder gets, and a restart that brings back
the same guild, people, channels, messages, pins and commands under the same ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.emulator import LocalDiscord, start_local_emulator
from gateway.emulator._persist import WORLD_FILE, WorldFileError
from tests._waiting import until_holds

pytestmark = pytest.mark.anyio


async def _call(local: LocalDiscord, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bot {local.emulator.token}"}
    async with (
        aiohttp.ClientSession() as s,
        s.request(method, local.emulator.api_base + path, json=body, headers=headers) as r,
    ):
        return r.status, (await r.json(content_type=None) if r.status != 204 else None)


def _files(folder: Path, pattern: str) -> list[Path]:
    return list(folder.glob(pattern))


def _channel(local: LocalDiscord, name: str) -> str:
    guild = local.emulator.world.guilds[local.demo.guild_id]
    return next(cid for cid, c in guild.channels.items() if c["name"] == name)


async def test_a_fresh_data_folder_gets_a_demo_guild_in_the_guilds_language(tmp_path: Path) -> None:
    local = await start_local_emulator(data_dir=tmp_path)
    try:
        world = local.emulator.world
        guild = world.guilds[local.demo.guild_id]
        people = {uid: world.users[uid]["global_name"] for uid in guild.members if uid != world.bot_id}
        assert sorted(people.values()) == sorted(["Ольга", "Дмитрий", "Анна", "Борис", "Вера", "Глеб"])
        roles = {r["name"]: rid for rid, r in guild.roles.items()}
        admin, moderator = local.demo.members["olga"], local.demo.members["dmitry"]
        assert guild.owner_id == admin and roles["Админ"] in guild.members[admin]["roles"]
        assert guild.members[moderator]["roles"] == [roles["Модератор"]]
        categories = {c["name"] for c in guild.channels.values() if c["type"] == 4}
        texts = {c["name"] for c in guild.channels.values() if c["type"] == 0}
        assert categories == {"Together", "Пары"}
        assert texts == {"общий", "гороскоп", "рейды", "зал-славы", "посты", "анонимки", "дуэли"}
        assert guild.channels[local.demo.general_channel_id]["name"] == "общий"
        assert (tmp_path / WORLD_FILE).exists()  # written at once: a crash right after start keeps the ids
    finally:
        await local.close()


async def test_a_restart_brings_back_the_same_world(tmp_path: Path) -> None:
    first = await start_local_emulator(data_dir=tmp_path)
    try:
        app, guild_id, general = first.emulator.world.app_id, first.demo.guild_id, first.demo.general_channel_id
        status, commands = await _call(
            first, "PUT", f"/applications/{app}/guilds/{guild_id}/commands",
            [{"name": "ping", "description": "ping", "type": 1}],
        )
        assert status == 200
        status, kept = await _call(first, "POST", f"/channels/{general}/messages", {"content": "Привет"})
        assert status == 200
        await _call(first, "PATCH", f"/channels/{general}/messages/{kept['id']}", {"content": "Привет, мир"})
        assert (await _call(first, "PUT", f"/channels/{general}/pins/{kept['id']}"))[0] == 204
        status, room = await _call(first, "POST", f"/guilds/{guild_id}/channels", {"name": "пара-1", "type": 0})
        assert status == 201 or status == 200
        members = dict(first.demo.members)
    finally:
        await first.close()
    assert not _files(tmp_path, ".*.tmp")  # the write was atomic: no temporary file is left behind

    second = await start_local_emulator(data_dir=tmp_path)
    try:
        world = second.emulator.world
        assert (world.app_id, second.demo.guild_id, second.demo.general_channel_id) == (app, guild_id, general)
        assert second.settings.application_id == app and second.settings.guild_id == int(guild_id)
        assert dict(second.demo.members) == members
        assert room["id"] in world.guilds[guild_id].channels
        status, pins = await _call(second, "GET", f"/channels/{general}/pins")
        assert status == 200 and [(m["id"], m["content"]) for m in pins] == [(kept["id"], "Привет, мир")]
        assert second.driver.edit_count(kept["id"]) == 1
        status, listed = await _call(second, "GET", f"/applications/{app}/guilds/{guild_id}/commands")
        assert [c["id"] for c in listed] == [c["id"] for c in commands]
        status, new = await _call(second, "POST", f"/channels/{general}/messages", {"content": "снова"})
        assert int(new["id"]) > int(kept["id"])  # the id counter continues, it does not start over
    finally:
        await second.close()


async def test_changes_are_saved_while_running_not_only_on_stop(tmp_path: Path) -> None:
    local = await start_local_emulator(data_dir=tmp_path)
    try:
        general = _channel(local, "общий")
        _, msg = await _call(local, "POST", f"/channels/{general}/messages", {"content": "сохрани меня"})
        path = tmp_path / WORLD_FILE
        await until_holds(lambda: msg["id"] in path.read_text())
        saved = json.loads(path.read_text())
        assert [m["content"] for m in saved["messages"][general]] == ["сохрани меня"]
    finally:
        await local.close()


async def test_an_unreadable_world_file_is_reported_with_its_path(tmp_path: Path) -> None:
    (tmp_path / WORLD_FILE).write_text('{"version": 1, "app_id": ')
    with pytest.raises(WorldFileError, match=str(tmp_path / WORLD_FILE)):
        await start_local_emulator(data_dir=tmp_path)


async def test_without_a_data_folder_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    local = await start_local_emulator()
    try:
        general = local.demo.general_channel_id
        assert (await _call(local, "POST", f"/channels/{general}/messages", {"content": "x"}))[0] == 200
        assert set(local.demo.members) == {"owner", "alice", "bob", "carol", "bot"}
    finally:
        await local.close()
    assert _files(tmp_path, "*") == []
