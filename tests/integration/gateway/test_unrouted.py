"""The gateway answers every interaction, whatever no callback takes: the real interactions.py client wired by
DiscordGateway, against the emulator (which fails the test for any interaction left unanswered past 3 s)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import interactions
import pytest

from gateway import ControlHints, DiscordGateway, Interaction, Responder, interaction_handler
from gateway.emulator import InteractionRecord, LocalDiscord
from gateway.i18n import Locale, default_translator

pytestmark = pytest.mark.anyio

TR = default_translator()


async def _text(local: LocalDiscord, rec: InteractionRecord) -> str:
    assert await local.driver.wait_ack(rec), "not acknowledged within 3 seconds"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while not (local.driver.original(rec) or {}).get("content"):
        assert loop.time() < deadline, "no answer"
        await asyncio.sleep(0.01)
    original = local.driver.original(rec)
    assert original is not None and rec.ack_type == 4 and original["flags"] & 64, "not one ephemeral reply"
    return str(original["content"])


def _button(local: LocalDiscord, custom_id: str) -> str:
    """A message an older version of the bot posted, with one button."""
    row = {"type": 1, "components": [{"type": 2, "style": 1, "label": "old", "custom_id": custom_id}]}
    return local.driver.place_message(local.demo.general_channel_id, {"content": "old", "components": [row]})


@pytest.fixture
async def gateway(local: LocalDiscord) -> AsyncIterator[DiscordGateway]:
    async def greet(interaction: Interaction, responder: Responder) -> None:
        await responder.reply("hi")

    async def english(interaction: Interaction) -> Locale:
        return "en"

    callback = interaction_handler("demo", "greet")(greet)
    gw = DiscordGateway(
        local.settings,
        commands=[interactions.SlashCommand(name="greet", description="demo", callback=callback)],
        locale_of=english,
        control_hints=ControlHints({"t1:demo:": "ping.reply"}),
    )
    gw.client.add_component_callback(
        interactions.ComponentCommand(name="go", callback=callback, listeners=["t1:demo:go"])
    )
    await gw.start()
    try:
        yield gw
    finally:
        await gw.stop()


async def test_an_unknown_command_is_told_it_no_longer_exists_in_the_guilds_language(
    local: LocalDiscord, gateway: DiscordGateway, caplog: pytest.LogCaptureFixture
) -> None:
    rec = await local.driver.send_command("alice", "deleted-long-ago")
    assert await _text(local, rec) == TR.text("en", "error.unknown_command")
    # An unknown subcommand of a known command too.
    rec = await local.driver.send_command("alice", "greet", [{"type": 1, "name": "nope", "options": []}])
    assert await _text(local, rec) == TR.text("en", "error.unknown_command")
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_an_outdated_button_gets_the_hint_registered_for_its_prefix(
    local: LocalDiscord, gateway: DiscordGateway
) -> None:
    old = await local.driver.click("alice", _button(local, "t1:demo:gone:1"), "t1:demo:gone:1")
    outdated = TR.text("en", "error.outdated_button")
    assert await _text(local, old) == f"{outdated} {TR.text('en', 'ping.reply')}"
    zzz = await local.driver.click("alice", _button(local, "zzz"), "zzz")
    assert await _text(local, zzz) == outdated
    # A routed one still reaches its callback.
    go = await local.driver.click("alice", _button(local, "t1:demo:go"), "t1:demo:go")
    assert await _text(local, go) == "hi"


async def test_an_outdated_select_and_modal(local: LocalDiscord, gateway: DiscordGateway) -> None:
    row = {"type": 1, "components": [{"type": 3, "custom_id": "old-menu", "options": [{"label": "a", "value": "a"}]}]}
    menu = local.driver.place_message(local.demo.general_channel_id, {"components": [row]})
    picked = await local.driver.select("alice", menu, "old-menu", ["a"])
    assert await _text(local, picked) == TR.text("en", "error.outdated_select")
    modal = await local.driver.submit_stale_modal("alice", "t1:old:form", {"answer": "42"})
    assert await _text(local, modal) == TR.text("en", "error.outdated_modal")


async def test_options_that_do_not_fit_the_declaration_are_refused_before_the_handler(
    local: LocalDiscord, gateway: DiscordGateway
) -> None:
    rec = await local.driver.send_command("alice", "greet", [{"type": 6, "name": "who", "value": "nobody"}])
    assert await _text(local, rec) == TR.text("en", "error.option.unknown")


async def test_before_the_commands_are_synced_a_member_is_asked_to_try_again(
    local: LocalDiscord, gateway: DiscordGateway
) -> None:
    gateway.client._startup = False
    try:
        rec = await local.driver.run_command("alice", "greet")
        assert await _text(local, rec) == TR.text("en", "error.not_ready")
    finally:
        gateway.client._startup = True


async def test_an_autocomplete_without_a_callback_gets_no_suggestions(
    local: LocalDiscord, gateway: DiscordGateway
) -> None:
    options = [{"type": 3, "name": "q", "value": "ab", "focused": True}]
    rec = await local.driver.send_command("alice", "greet", options, autocomplete=True)
    assert await local.driver.wait_ack(rec)
    assert (rec.ack_type, rec.autocomplete) == (8, [])


async def test_a_failure_in_the_library_before_any_handler_is_logged_and_apologized_for(
    local: LocalDiscord, gateway: DiscordGateway, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(client: Any, payload: dict[str, Any]) -> Any:
        raise RuntimeError("the library could not read this")

    builder: Callable[..., Any] = broken
    monkeypatch.setattr(gateway.client.component_context, "from_dict", builder)
    go = await local.driver.click("alice", _button(local, "t1:demo:go"), "t1:demo:go")
    assert await _text(local, go) == TR.text("en", "error.interaction_failed")
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [(r.name, r.getMessage()) for r in failures] == [("gateway._handler", "interaction failed")]
