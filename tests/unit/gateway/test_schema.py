"""Request bodies are validated against Discord's OpenAPI document."""

from __future__ import annotations

from gateway.emulator import shared_schema_book


def test_a_valid_message_body_passes_and_unknown_keys_are_ignored() -> None:
    book = shared_schema_book()
    body = {"content": "hi", "flags": 64, "enforce_nonce": True, "pass_self_into_delete": False}
    assert book.problems("post", "/channels/{channel_id}/messages", body) == []


def test_a_bad_body_is_caught() -> None:
    book = shared_schema_book()
    assert book.available, "shared/discord/openapi.json (or DISCORD_OPENAPI_PATH) must be present for tests"
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
