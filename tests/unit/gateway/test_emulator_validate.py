"""The checks Discord's client makes before it sends a command or a modal, as the emulator's control API applies
them (pure)."""

from __future__ import annotations

from gateway.emulator._validate import modal_problems, option_problems

PAIR = {
    "name": "pair",
    "options": [
        {
            "type": 1,
            "name": "create",
            "options": [
                {"type": 6, "name": "member1", "required": True},
                {"type": 6, "name": "member2", "required": True},
            ],
        },
        {"type": 1, "name": "room", "options": []},
    ],
}


def test_subcommands_are_walked_and_their_required_options_checked() -> None:
    assert option_problems(PAIR, ["create"], {"member1": "anna", "member2": "boris"}) == []
    assert option_problems(PAIR, ["create"], {"member1": "anna"}) == [
        "/pair create: the required option 'member2' is missing"
    ]
    assert option_problems(PAIR, [], {}) == ["/pair needs a subcommand (create, room)"]
    assert option_problems(PAIR, ["delete"], {}) == ["/pair: 'delete' is not a subcommand"]
    assert option_problems(PAIR, ["room"], {"x": 1}) == ["/pair room has no option 'x' (its options: none)"]


def test_values_are_checked_against_their_type() -> None:
    command = {"name": "c", "options": [
        {"type": 4, "name": "n"}, {"type": 10, "name": "f"}, {"type": 5, "name": "b"}, {"type": 3, "name": "s"},
    ]}
    assert option_problems(command, [], {"n": 2, "f": 0.5, "b": True, "s": "x"}) == []
    assert len(option_problems(command, [], {"n": 1.5, "f": "x", "b": "yes", "s": 3})) == 4


def test_modal_fields_in_labels_count_and_an_optional_field_may_stay_empty() -> None:
    modal = {"components": [
        {"type": 18, "label": "A", "component": {"type": 4, "custom_id": "a", "min_length": 2}},
        {"type": 1, "components": [{"type": 4, "custom_id": "b", "required": False}]},
    ]}
    assert modal_problems(modal, {"a": "hello"}) == []
    assert modal_problems(modal, {"a": "h"}) == ["field 'a' needs at least 2 characters"]
    assert modal_problems(modal, {"a": "hi", "b": 5}) == ["field 'b' takes text, not 5"]
