"""Request bodies are validated against Discord's OpenAPI document."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from gateway.emulator import SchemaBook, default_spec, shared_schema_book


def test_the_document_ships_inside_the_package_with_its_licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_OPENAPI_PATH", raising=False)
    shipped = files("gateway.emulator") / "discord_openapi"
    assert default_spec() == shipped / "openapi.json"
    assert json.loads(default_spec().read_bytes())["openapi"].startswith("3.1")
    licence = (shipped / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Copyright 2023 Discord" in licence


def test_discord_openapi_path_points_at_another_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    copy = tmp_path / "openapi.json"
    copy.write_text(
        '{"paths": {"/only": {"post": {"requestBody": {"content": {"application/json": '
        '{"schema": {"type": "object", "required": ["x"]}}}}}}}, "components": {"schemas": {}}}',
        encoding="utf-8",
    )
    monkeypatch.setenv("DISCORD_OPENAPI_PATH", str(copy))
    book = SchemaBook()
    assert book.has_path("/only") and not book.has_path("/channels/{channel_id}/messages")
    assert book.problems("post", "/only", {}) == ["<body>: 'x' is a required property"]


def test_a_valid_message_body_passes_and_unknown_keys_are_ignored() -> None:
    book = shared_schema_book()
    body = {"content": "hi", "flags": 64, "enforce_nonce": True, "pass_self_into_delete": False}
    assert book.problems("post", "/channels/{channel_id}/messages", body) == []


def test_a_bad_body_is_caught() -> None:
    book = shared_schema_book()
    problems = book.problems("post", "/channels/{channel_id}/messages", {"content": 5, "flags": "x"})
    assert any(p.startswith("content:") for p in problems)
    bad_callback = book.problems(
        "post", "/interactions/{interaction_id}/{interaction_token}/callback", {"type": 42}
    )
    assert bad_callback


def test_snowflakes_may_be_big_json_integers() -> None:
    body = {
        "name": "room",
        "type": 0,
        "parent_id": 1_234_567_890_123_456_789_012,
        "permission_overwrites": [{"id": 123_456_789_012_345_678_901, "type": 1, "allow": 1024, "deny": 0}],
    }
    assert shared_schema_book().problems("post", "/guilds/{guild_id}/channels", body) == []


def test_operations_without_a_body_have_no_validator() -> None:
    assert shared_schema_book().validator("get", "/users/@me") is None
