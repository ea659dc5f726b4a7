"""Discord's interaction JSON read into the typed Interaction handlers get (no client, no sockets)."""

from __future__ import annotations

from typing import Any

import pytest

from gateway import OptionRefusal
from gateway._interaction import (
    NO_CHANNELS,
    CachedChannel,
    InteractionKind,
    ResolvedChannel,
    ResolvedRole,
    ResolvedUser,
    interaction_from_payload,
)
from gateway.testing import StaticChannels, interaction

GUILD, CHANNEL, ALICE, BOB, BOT = "1001", "1002", "1003", "1004", "1005"


def _base(kind: int, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "2001",
        "application_id": "2002",
        "token": "secret",
        "type": kind,
        "guild_id": GUILD,
        "channel_id": CHANNEL,
        "member": {
            "user": {"id": ALICE, "username": "alice"},
            "roles": ["3001", "3002"],
            "permissions": "2147483656",
            "nick": None,
        },
        "locale": "en-US",
        "guild_locale": "ru",
        "data": data,
    }


def test_a_subcommand_reads_its_leaf_options_typed() -> None:
    data = {
        "id": "4001",
        "name": "pair",
        "type": 1,
        "options": [
            {
                "type": 1,
                "name": "create",
                "options": [
                    {"type": 6, "name": "member1", "value": ALICE},
                    {"type": 6, "name": "member2", "value": BOB},
                ],
            }
        ],
        "resolved": {
            "users": {
                ALICE: {"id": ALICE, "username": "alice", "global_name": "Alice"},
                BOB: {"id": BOB, "username": "bob", "bot": True},
            },
            "members": {ALICE: {"roles": [], "nick": "Ali"}},
        },
    }
    got = interaction_from_payload(_base(2, data), bot_user_id=BOT)
    assert got.kind is InteractionKind.COMMAND and got.command == "pair create"
    assert (got.id, got.application_id, got.guild_id, got.channel_id, got.author_id) == (
        "2001", "2002", GUILD, CHANNEL, ALICE
    )
    assert got.author_role_ids == {"3001", "3002"} and got.author_permissions == 2147483656
    assert (got.locale, got.guild_locale, got.bot_user_id) == ("en-US", "ru", BOT)
    assert got.user_option("member1") == ResolvedUser(id=ALICE, display_name="Ali", bot=False, member=True)
    assert got.user_option("member2") == ResolvedUser(id=BOB, display_name="bob", bot=True, member=False)
    assert got.custom_id is None and got.values == () and got.fields == {}
    assert "secret" not in repr(got)  # the token belongs to the responder


def test_scalar_channel_and_role_options() -> None:
    data = {
        "name": "demo",
        "options": [
            {"type": 4, "name": "minutes", "value": 30},
            {"type": 3, "name": "name", "value": "locale"},
            {"type": 5, "name": "on", "value": True},
            {"type": 10, "name": "ratio", "value": 0.5},
            {"type": 7, "name": "where", "value": CHANNEL},
            {"type": 8, "name": "role", "value": "3001"},
        ],
        "resolved": {
            "channels": {CHANNEL: {"id": CHANNEL, "type": 0, "name": "general"}},
            "roles": {"3001": {"id": "3001", "name": "Moderators"}},
        },
    }
    got = interaction_from_payload(_base(2, data))
    assert got.int_option("minutes") == 30 and got.str_option("name") == "locale"
    # An option of another type than the handler reads is refused, naming the option (a bool is no integer).
    for read in (lambda: got.str_option("minutes"), lambda: got.int_option("name"), lambda: got.int_option("on")):
        with pytest.raises(OptionRefusal):
            read()
    assert got.options["on"] is True and got.options["ratio"] == 0.5
    assert got.channel_option("where") == ResolvedChannel(id=CHANNEL, type=0)
    assert got.options["role"] == ResolvedRole(id="3001", name="Moderators")
    assert got.user_option("missing") is None and got.channel_option("missing") is None


def test_a_select_and_a_modal() -> None:
    select = interaction_from_payload(
        _base(3, {"custom_id": "t1:date:energy:x", "component_type": 3, "values": ["calm"]})
    )
    assert select.kind is InteractionKind.COMPONENT
    assert (select.custom_id, select.values, select.command) == ("t1:date:energy:x", ("calm",), None)
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": "source", "value": "hello"}]},
        {"type": 18, "component": {"type": 4, "custom_id": "extra", "value": "more"}},
    ]
    modal = interaction_from_payload(_base(5, {"custom_id": "t1:say:modal", "components": rows}))
    assert modal.kind is InteractionKind.MODAL
    assert modal.custom_id == "t1:say:modal" and modal.fields == {"source": "hello", "extra": "more"}


def test_a_dm_has_no_guild_roles_or_permissions() -> None:
    payload = _base(2, {"name": "ping"})
    for key in ("guild_id", "member", "guild_locale"):
        del payload[key]
    payload["user"] = {"id": BOB, "username": "bob"}
    got = interaction_from_payload(payload)
    assert got.guild_id is None and got.guild_locale is None and got.author_id == BOB
    assert got.author_role_ids == frozenset() and got.author_permissions == 0
    assert got.guild_channels is NO_CHANNELS and NO_CHANNELS.channel(CHANNEL) is None


def test_the_test_builder_picks_the_kind_and_the_channels() -> None:
    assert interaction().kind is InteractionKind.COMMAND
    assert interaction(custom_id="t1:x:y").kind is InteractionKind.COMPONENT
    assert interaction(custom_id="t1:x:y", fields={"a": "b"}).kind is InteractionKind.MODAL
    assert interaction(guild_id=None).guild_locale is None and interaction(locale="en").guild_locale == "en"
    room = CachedChannel(id="7", type=0, bot_permissions=0)
    built = interaction(channels={"7": room})
    assert isinstance(built.guild_channels, StaticChannels)
    assert built.guild_channels.channel("7") == room and built.guild_channels.channel("8") is None
