"""Discord's content rules and permission arithmetic as the emulator applies them."""

from __future__ import annotations

from typing import Any

from gateway.emulator._limits import IS_COMPONENTS_V2, message_problems, modal_problems
from gateway.emulator._permissions import ALL, VIEW_CHANNEL, base_permissions, channel_permissions


def _button(custom_id: str, label: str = "ok") -> dict[str, object]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def test_custom_id_longer_than_100_is_refused() -> None:
    body = {"components": [{"type": 1, "components": [_button("x" * 101)]}]}
    assert any("custom_id" in p for p in message_problems(body))
    assert message_problems({"components": [{"type": 1, "components": [_button("x" * 100)]}]}) == []


def test_duplicate_custom_ids_and_six_buttons_are_refused() -> None:
    row = {"type": 1, "components": [_button("a"), _button("a")]}
    assert any("duplicate" in p for p in message_problems({"components": [row]}))
    six = {"type": 1, "components": [_button(str(i)) for i in range(6)]}
    assert any("more than 5 buttons" in p for p in message_problems({"components": [six]}))


def test_components_v2_forbids_content_and_caps_components_and_text() -> None:
    card = {"type": 17, "components": [{"type": 10, "content": "hi"}]}
    assert message_problems({"flags": IS_COMPONENTS_V2, "components": [card]}) == []
    assert any(
        "content" in p
        for p in message_problems({"flags": IS_COMPONENTS_V2, "content": "x", "components": [card]})
    )
    many = {"type": 17, "components": [{"type": 10, "content": "t"} for _ in range(40)]}
    assert any("at most 40" in p for p in message_problems({"flags": IS_COMPONENTS_V2, "components": [many]}))
    long = {"type": 17, "components": [{"type": 10, "content": "t" * 4001}]}
    assert any("4000" in p for p in message_problems({"flags": IS_COMPONENTS_V2, "components": [long]}))


def test_v2_components_need_the_flag_and_the_flag_sticks() -> None:
    card = {"type": 17, "components": [{"type": 10, "content": "hi"}]}
    assert any("IS_COMPONENTS_V2" in p for p in message_problems({"components": [card]}))
    assert any("cleared" in p for p in message_problems({"flags": 0}, existing_flags=IS_COMPONENTS_V2))


def test_content_over_2000_is_refused() -> None:
    assert message_problems({"content": "x" * 2001})
    assert message_problems({"content": "x" * 2000}) == []


def test_modal_limits() -> None:
    row = {"type": 1, "components": [{"type": 4, "custom_id": "answer", "label": "Answer", "style": 1}]}
    assert modal_problems({"title": "Q", "custom_id": "m", "components": [row]}) == []
    assert modal_problems({"title": "T" * 46, "custom_id": "m", "components": [row]})
    assert modal_problems({"title": "Q", "custom_id": "m", "components": [row] * 6})
    assert modal_problems({"title": "Q", "custom_id": "m", "components": []})


def test_permissions_everyone_roles_and_member_overwrites() -> None:
    roles = {"g": VIEW_CHANNEL | (1 << 11), "mod": 1 << 13}
    base = base_permissions(guild_id="g", owner_id="o", user_id="u", member_roles=["mod"], roles=roles)
    assert base == VIEW_CHANNEL | (1 << 11) | (1 << 13)
    private = [
        {"id": "g", "type": 0, "allow": "0", "deny": str(VIEW_CHANNEL)},
        {"id": "u", "type": 1, "allow": str(VIEW_CHANNEL), "deny": "0"},
    ]
    member = channel_permissions(base, guild_id="g", user_id="u", member_roles=["mod"], overwrites=private)
    other = channel_permissions(base, guild_id="g", user_id="v", member_roles=[], overwrites=private)
    assert member & VIEW_CHANNEL
    assert not other & VIEW_CHANNEL
    owner = base_permissions(guild_id="g", owner_id="o", user_id="o", member_roles=[], roles=roles)
    assert owner == ALL
    admin = base_permissions(
        guild_id="g", owner_id="o", user_id="a", member_roles=["adm"], roles={"adm": 1 << 3}
    )
    assert (
        channel_permissions(admin, guild_id="g", user_id="a", member_roles=["adm"], overwrites=private) == ALL
    )


def test_command_limits() -> None:
    from gateway.emulator._rest_commands import command_problems

    ok = {
        "name": "pair",
        "description": "Pairs",
        "options": [{"name": "create", "description": "c", "type": 1}],
    }
    assert command_problems(ok, "[0]") == []
    assert command_problems({"name": "Pair", "description": "x"}, "[0]")
    assert command_problems({"name": "p" * 33, "description": "x"}, "[0]")
    assert command_problems({"name": "pair", "description": ""}, "[0]")
    too_many = {
        "name": "pair",
        "description": "x",
        "options": [{"name": f"o{i}", "description": "d"} for i in range(26)],
    }
    assert any("at most 25" in p for p in command_problems(too_many, "[0]"))


def test_stored_selects_carry_min_and_max_values_as_discord_returns_them() -> None:
    from gateway.emulator._guild import apply_message_body

    select = {"type": 3, "custom_id": "s", "options": [{"label": "a", "value": "a"}]}
    msg: dict[str, Any] = {"flags": 0}
    apply_message_body(msg, {"components": [{"type": 17, "components": [{"type": 1, "components": [select]}]}]})
    stored = msg["components"][0]["components"][0]["components"][0]
    assert (stored["min_values"], stored["max_values"]) == (1, 1)
    assert "min_values" not in select  # the request body itself is left as sent
