"""The real interactions.py client, wired by DiscordGateway, against the emulator."""

from __future__ import annotations

import asyncio
from typing import Any

import interactions
import pytest

from gateway import Interaction, Responder
from gateway._client import DiscordGateway
from gateway._handler import interaction_handler
from gateway._i18n import translate
from gateway.emulator import LocalDiscord
from telemetry import REGISTRY, current_log_fields
from tests._waiting import until_holds

pytestmark = pytest.mark.anyio


async def test_start_syncs_commands_to_the_guild_before_ready(
    local: LocalDiscord, bot: DiscordGateway
) -> None:
    assert bot.ready
    names = [c["name"] for c in local.emulator.world.commands[local.demo.guild_id]]
    assert "ping" in names
    assert "global" not in local.emulator.world.commands or not local.emulator.world.commands["global"]
    ping = local.driver.find_command("ping")
    assert ping["description_localizations"]["ru"] == translate("command.ping.description", "ru")
    assert bot.client.send_command_tracebacks is False


async def test_ping_is_ephemeral_localized_and_acknowledged_in_time(
    local: LocalDiscord, bot: DiscordGateway
) -> None:
    drv = local.driver
    rec = await drv.run_command("alice", "ping")
    assert await drv.wait_ack(rec)
    await until_holds(lambda: (drv.original(rec) or {}).get("content"))
    original = drv.original(rec)
    assert original is not None
    assert original["content"] == translate("ping.reply", "ru")
    assert original["flags"] & 64
    assert rec.ack_type == 4  # one callback carries the reply: nothing to defer

    drv.guild.preferred_locale = "en-US"
    rec_en = await drv.run_command("bob", "ping")
    assert await drv.wait_ack(rec_en)
    await until_holds(lambda: (drv.original(rec_en) or {}).get("content"))
    assert (drv.original(rec_en) or {})["content"] == translate("ping.reply", "en")


async def test_a_burst_is_acknowledged_within_three_seconds(local: LocalDiscord, bot: DiscordGateway) -> None:
    """100 pings cost 200 REST calls: under the library's 45/s lock that takes ~4.4 s, so this fails unless
    interaction callbacks and webhook routes bypass it."""
    drv = local.driver
    records = [await drv.run_command("carol", "ping") for _ in range(100)]
    acked = await asyncio.gather(*(drv.wait_ack(r) for r in records))
    assert all(acked)


async def test_resume_after_close_4000_and_op_7(local: LocalDiscord, bot: DiscordGateway) -> None:
    drv, gw = local.driver, local.emulator.gateway
    await drv.close_gateway(4000)
    await until_holds(lambda: gw.current is not None and gw.current.resumes == 1 and bot.ready)
    rec = await drv.run_command("alice", "ping")
    assert await drv.wait_ack(rec)
    await drv.request_reconnect()
    await until_holds(lambda: gw.current is not None and gw.current.resumes == 2 and bot.ready)
    rec = await drv.run_command("alice", "ping")
    assert await drv.wait_ack(rec)
    assert bot.readiness.identifies == 1


async def test_events_sent_during_a_disconnect_are_replayed_on_resume(
    local: LocalDiscord, bot: DiscordGateway
) -> None:
    drv = local.driver
    await drv.close_gateway(4000)
    rec = await drv.run_command("alice", "ping")  # buffered in the session, replayed on RESUME
    assert await drv.wait_ack(rec)


async def test_invalid_session_leads_to_a_fresh_identify(local: LocalDiscord, bot: DiscordGateway) -> None:
    drv = local.driver
    await drv.invalidate_session()
    await until_holds(lambda: bot.readiness.identifies == 2 and bot.ready)
    rec = await drv.run_command("bob", "ping")
    assert await drv.wait_ack(rec)
    assert local.emulator.command_syncs == 1  # commands are not synced again


async def test_readiness_is_false_during_an_outage_and_recovers_by_itself(
    local: LocalDiscord, bot: DiscordGateway
) -> None:
    drv = local.driver
    await drv.gateway_outage()
    await until_holds(lambda: not bot.ready)
    await asyncio.sleep(0.3)
    assert not bot.ready
    drv.end_gateway_outage()
    await until_holds(lambda: bot.ready, within=30.0)
    rec = await drv.run_command("alice", "ping")
    assert await drv.wait_ack(rec)


async def test_library_none_is_a_failure_and_the_user_gets_an_apology(
    local: LocalDiscord, bot: DiscordGateway
) -> None:
    """Three 429s on the callback make interactions.py return None; that must not pass for success."""
    before_gave_up = REGISTRY.get_sample_value("discord_library_gave_up_total") or 0.0
    before_429 = REGISTRY.get_sample_value("discord_invalid_requests_total", {"status": "429"}) or 0.0
    local.emulator.inject(
        429,
        method="POST",
        template="/interactions/{interaction_id}/{interaction_token}/callback",
        times=3,
        retry_after=0.05,
    )
    drv = local.driver
    rec = await drv.run_command("alice", "ping")
    assert await drv.wait_ack(rec)
    apology = translate("error.interaction_failed", "ru")
    await until_holds(lambda: (drv.original(rec) or {}).get("content") == apology)
    assert REGISTRY.get_sample_value("discord_library_gave_up_total") == before_gave_up + 1
    assert REGISTRY.get_sample_value("discord_invalid_requests_total", {"status": "429"}) == before_429 + 3


async def test_components_selects_and_modals_round_trip(local: LocalDiscord) -> None:
    seen: dict[str, Any] = {}

    @interaction_handler(feature="demo", action="open")
    async def open_panel(interaction: Interaction, responder: Responder) -> None:
        seen["fields"] = current_log_fields()
        button = interactions.Button(
            style=interactions.ButtonStyle.PRIMARY, label="Go", custom_id="tb|1|demo|go|e30"
        )
        select = interactions.StringSelectMenu("a", "b", custom_id="tb|1|demo|pick|e30")
        rows = [interactions.ActionRow(button).to_dict(), interactions.ActionRow(select).to_dict()]
        await responder.send_card({"content": "panel", "components": rows}, ephemeral=False)

    async def on_go(ctx: interactions.ComponentContext) -> None:
        modal = interactions.Modal(
            interactions.ShortText(label="Answer", custom_id="answer"),
            title="Question",
            custom_id="tb|1|demo|ask|e30",
        )
        await ctx.send_modal(modal)

    async def on_pick(ctx: interactions.ComponentContext) -> None:
        await ctx.edit_origin(content=f"picked {ctx.values[0]}")

    async def on_modal(ctx: interactions.ModalContext) -> None:
        await ctx.send(f"answer={ctx.responses['answer']}", ephemeral=True)

    command = interactions.SlashCommand(name="panel", description="demo panel", callback=open_panel)
    gw = DiscordGateway(local.settings, commands=[command])
    gw.client.add_component_callback(
        interactions.ComponentCommand(name="go", callback=on_go, listeners=["tb|1|demo|go|e30"])
    )
    gw.client.add_component_callback(
        interactions.ComponentCommand(name="pick", callback=on_pick, listeners=["tb|1|demo|pick|e30"])
    )
    gw.client.add_modal_callback(
        interactions.ModalCommand(name="ask", callback=on_modal, listeners=["tb|1|demo|ask|e30"])
    )
    await gw.start()
    try:
        drv = local.driver
        opened = await drv.run_command("alice", "panel")
        assert await drv.wait_ack(opened)
        assert (
            seen["fields"]["feature"] == "demo" and seen["fields"]["user_id"] == local.demo.members["alice"]
        )
        await until_holds(lambda: drv.original(opened) is not None)
        panel = drv.original(opened)
        assert panel is not None

        picked = await drv.select("bob", panel["id"], "tb|1|demo|pick|e30", ["b"])
        assert await drv.wait_ack(picked)
        assert picked.ack_type == 7
        assert (drv.original(opened) or {})["content"] == "picked b"
        assert drv.edit_count(panel["id"]) == 1

        clicked = await drv.click("bob", panel["id"], "tb|1|demo|go|e30")
        assert await drv.wait_ack(clicked)
        assert clicked.ack_type == 9 and clicked.modal is not None

        submitted = await drv.submit_modal("bob", clicked, {"answer": "42"})
        assert await drv.wait_ack(submitted)
        await until_holds(lambda: drv.original(submitted) is not None)
        assert (drv.original(submitted) or {})["content"] == "answer=42"
    finally:
        await gw.stop()


async def test_a_refused_token_fails_start_and_stop_is_idempotent(local: LocalDiscord) -> None:
    from gateway._errors import GatewayError
    from gateway._settings import GatewaySettings

    settings = GatewaySettings(token="not-the-token", api_base=local.emulator.api_base)
    gw = DiscordGateway(settings)
    with pytest.raises(GatewayError, match="refused the bot token"):
        await gw.start()
    assert not gw.ready
    await gw.stop()
    with pytest.raises(GatewayError, match="starts once"):
        await gw.start()


async def test_invalid_requests_are_counted_and_spend_the_budget(local: LocalDiscord) -> None:
    import time

    from gateway._settings import GatewaySettings

    before = REGISTRY.get_sample_value("discord_invalid_requests_total", {"status": "403"}) or 0.0
    settings = GatewaySettings(
        token=local.emulator.token,
        guild_id=int(local.demo.guild_id),
        api_base=local.emulator.api_base,
        invalid_request_budget=3,
    )
    gw = DiscordGateway(settings)
    await gw.start()
    try:
        local.emulator.inject(403, method="GET", template="/guilds/{guild_id}/roles", times=3)
        for _ in range(3):
            with pytest.raises(interactions.errors.Forbidden):
                await gw.client.http.get_roles(int(local.demo.guild_id))
        assert REGISTRY.get_sample_value("discord_invalid_requests_total", {"status": "403"}) == before + 3
        assert gw.invalid_requests.count(time.monotonic()) == 3
        assert gw.invalid_requests.delay(time.monotonic()) > 500  # every request now waits the window out
    finally:
        await gw.stop()


async def test_ping_runs_in_a_span_with_the_log_fields(
    local: LocalDiscord, bot: DiscordGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    import gateway._handler

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(gateway._handler, "_tracer", provider.get_tracer("test"))
    rec = await local.driver.run_command("alice", "ping")
    assert await local.driver.wait_ack(rec)
    await until_holds(lambda: exporter.get_finished_spans())
    (span,) = exporter.get_finished_spans()
    assert span.name == "interaction ping.invoke"
    attributes = dict(span.attributes or {})
    assert attributes["together.interaction_id"] == rec.id
    assert attributes["together.feature"] == "ping"
    assert span.status.is_ok


async def test_a_fatal_close_code_ends_the_client_and_wait_reports_it(local: LocalDiscord) -> None:
    from gateway._errors import GatewayError

    gw = DiscordGateway(local.settings)
    await gw.start()
    try:
        await local.driver.close_gateway(4004)
        with pytest.raises(GatewayError, match="for good"):
            await asyncio.wait_for(gw.wait(), 10)
        assert not gw.ready
    finally:
        await gw.stop()


async def test_without_a_guild_id_commands_sync_globally(local: LocalDiscord) -> None:
    from gateway._settings import GatewaySettings

    gw = DiscordGateway(GatewaySettings(token=local.emulator.token, api_base=local.emulator.api_base))
    await gw.start()
    try:
        assert [c["name"] for c in local.emulator.world.commands["global"]] == ["ping"]
        assert not local.emulator.world.commands.get(local.demo.guild_id)
        rec = await local.driver.run_command("alice", "ping")
        assert await local.driver.wait_ack(rec)
    finally:
        await gw.stop()
