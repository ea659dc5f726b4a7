"""/admin through the emulator: refusals that write nothing, doctor, locale, feature switches and schedules."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from features.kernel._permissions import Permission
from features.kernel._schedule_gate import feature_schedule_gate
from features.kernel._schedules import SCHEDULE_OWNERS
from features.setup._rules import SetupAction, setup_button_id, setup_pick_id
from gateway.i18n import default_translator
from store._job_cron import CronScheduler
from tests._bot import LiveBot
from tests._schedules import seed_schedule_registry
from tests.acceptance.config._support import configure, make_channels, reply_text, table_snapshot, whole_report

pytestmark = pytest.mark.anyio

ADMIN_PATHS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("admin status", {}),
    ("admin doctor", {}),
    ("admin feature set", {"name": "raid", "value": "off"}),
    ("admin feature enable-all", {}),
    ("admin feature disable-all", {}),
    ("admin config set", {"name": "locale", "value": "en"}),
    ("admin config get", {"name": "locale"}),
    ("admin schedule", {"name": "weekly.raid.start", "value": "off"}),
    ("setup start", {}),
)


async def test_a_member_without_administrator_is_refused_everywhere_and_nothing_is_written(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    await configure(live.pool, driver.guild_id, make_channels(driver))
    driver.give_role("carol", "Moderator")  # the moderator role is not enough for /admin and /setup
    panel = await driver.run_command("owner", "setup start")
    panel_id = (await reply_text(driver, panel)).rsplit("/", 1)[-1]
    before = await table_snapshot(live.pool)
    refusal = tr.text("ru", "error.admin_required")
    for who in ("alice", "carol"):
        for command, options in ADMIN_PATHS:
            rec = await driver.run_command(who, command, options)
            assert await reply_text(driver, rec) == refusal, (who, command)
            answer = driver.original(rec)
            assert answer is not None and answer["flags"] & 64
        for action in SetupAction:
            if action is SetupAction.PICK:
                continue
            rec = await driver.click(who, panel_id, setup_button_id(action, driver.user_id("owner")))
            assert await reply_text(driver, rec) == refusal, (who, action)
    assert await table_snapshot(live.pool) == before


async def test_doctor_reports_a_withheld_channel_permission_then_is_clean(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    channels = make_channels(driver)
    await configure(live.pool, driver.guild_id, channels)
    raid = channels["raid_channel_id"]
    driver.set_overwrite(raid, "bot", deny=int(Permission.EMBED_LINKS))

    text = await whole_report(live, await driver.run_command("owner", "admin doctor"))
    missing = tr.text("ru", "permission.embed_links")
    where = tr.text("ru", "permission.where.channel", channel=f"<#{raid}>")
    assert tr.text("ru", "admin.doctor.finding.permissions_missing", where=where, missing=missing) in text
    assert tr.text("ru", "admin.doctor.hint.permissions_missing", where=where, missing=missing) in text
    assert f"**{tr.text('ru', 'admin.doctor.fail')}**" in text

    driver.clear_overwrite(raid, "bot")
    text = await whole_report(live, await driver.run_command("owner", "admin doctor"))
    assert "❌" not in text and tr.text("ru", "admin.doctor.fail") not in text
    # Every seed schedule has its handler in this version, so nothing is left to warn about.
    runnable = live.runtime.services.runnable_jobs
    assert [name for name in SCHEDULE_OWNERS if name not in runnable] == []
    assert [line for line in text.splitlines() if line.startswith("- ⚠️")] == []

    status = await reply_text(driver, await driver.run_command("owner", "admin status"))
    assert tr.text("ru", "admin.doctor.finding.permissions_ok") in status


async def test_switching_the_locale_changes_replies_and_enqueues_every_projections_refresh(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    guild = driver.guild_id
    await live.pool.execute(
        "INSERT INTO projection_messages (projection_key, guild_id, channel_id)"
        " VALUES ($1, $2, $3), ($4, $2, $3), ($5, $2, $3)",
        f"pair_home:{guild}:p1",
        guild,
        driver.default_channel_id,
        f"duel_scoreboard:{guild}:d1",
        f"retired_kind:{guild}:x",  # a kind this version no longer installs: skipped
    )
    text = await reply_text(driver, await driver.run_command("owner", "admin config get", {"name": "locale"}))
    assert text == tr.text("ru", "admin.reply.locale_current", language=tr.text("ru", "locale.ru"))

    rec = await driver.run_command("owner", "admin config set", {"name": "locale", "value": "en"})
    assert await reply_text(driver, rec) == "The server language is now English."
    # The durable path: each projection's own refresh job, committed with the settings change.
    jobs = await live.pool.fetch(
        "SELECT name, coalesce_key, payload FROM jobs WHERE coalesce_key LIKE 'projection:%' ORDER BY name"
    )
    assert [(j["name"], j["coalesce_key"]) for j in jobs] == [
        ("duel.scoreboard.refresh", f"projection:duel_scoreboard:{guild}:d1"),
        ("pair.home.refresh", f"projection:pair_home:{guild}:p1"),
    ]
    assert all(json.loads(j["payload"])["reason"] == "locale" for j in jobs)

    text = await reply_text(driver, await driver.run_command("owner", "admin config get", {"name": "locale"}))
    assert text == "The server language is English."
    refused = await reply_text(driver, await driver.run_command("alice", "admin status"))
    assert refused == tr.text("en", "error.admin_required")
    rec = await driver.run_command("owner", "admin feature set", {"name": "raid", "value": "on"})
    assert await reply_text(driver, rec) == tr.text(
        "en",
        "admin.reply.feature_set",
        feature="Raid",
        state=tr.text(
            "en", "admin.status.missing_suffix", state="on, but not set up", missing="raid channel"
        ),
    )


async def test_a_feature_switched_off_stops_its_schedules_and_refuses_its_commands(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    channels = make_channels(driver)
    await configure(live.pool, driver.guild_id, channels)
    monday_9 = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)  # a Monday, 09:00 in the guild's zone (UTC)
    await live.pool.execute("UPDATE guild_settings SET timezone = 'UTC' WHERE guild_id = $1", driver.guild_id)
    clock = {"now": monday_9}
    cron = CronScheduler(
        live.pool,
        seed_schedule_registry(),
        default_timezone="UTC",
        clock=lambda: clock["now"],
        schedules=["weekly.raid.start"],
        gate=feature_schedule_gate,
    )
    fired, _ = await cron.tick()
    assert [(f.schedule_name, f.job_id is not None) for f in fired] == [("weekly.raid.start", True)]

    rec = await driver.run_command("owner", "admin feature set", {"name": "raid", "value": "off"})
    assert await reply_text(driver, rec) == tr.text(
        "ru", "admin.reply.feature_set", feature=tr.text("ru", "feature.raid"),
        state=tr.text("ru", "feature.state.disabled"),
    )
    clock["now"] = monday_9 + dt.timedelta(days=7)
    fired, _ = await cron.tick()
    assert [(f.schedule_name, f.job_id) for f in fired] == [("weekly.raid.start", None)]  # skipped, not sent

    # The public posts switch gates the setup test post: off means a specific refusal, nothing queued.
    rec = await driver.run_command("owner", "admin feature set", {"name": "public_post", "value": "off"})
    await reply_text(driver, rec)
    panel = await driver.run_command("owner", "setup start")
    panel_id = (await reply_text(driver, panel)).rsplit("/", 1)[-1]
    rec = await driver.click("owner", panel_id, setup_button_id(SetupAction.TEST, driver.user_id("owner")))
    feature = tr.text("ru", "feature.public_post")
    assert await reply_text(driver, rec) == tr.text("ru", "error.feature_disabled", feature=feature)
    assert await live.pool.fetchval("SELECT count(*) FROM scheduled_posts WHERE kind = 'setup_test'") == 0


async def test_feature_and_schedule_switches_write_one_guild_and_gate_its_cron(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    guild = driver.guild_id
    await configure(live.pool, guild, make_channels(driver))
    await live.pool.execute("UPDATE guild_settings SET timezone = 'UTC' WHERE guild_id = $1", guild)
    other = "100000000000000099"  # another guild with the same schedule: untouched by this guild's admin
    await live.pool.execute("INSERT INTO guild_settings (guild_id, timezone) VALUES ($1, 'UTC')", other)

    text = await reply_text(driver, await driver.run_command("owner", "admin feature disable-all"))
    assert text.startswith(tr.text("ru", "admin.reply.all_disabled"))
    features = await live.pool.fetchval("SELECT features FROM guild_settings WHERE guild_id = $1", guild)
    assert set(json.loads(features).values()) == {False}
    text = await reply_text(driver, await driver.run_command("owner", "admin feature enable-all"))
    assert text.count(tr.text("ru", "feature.state.ready")) == 6

    rec = await driver.run_command("owner", "admin schedule", {"name": "monthly.hall.refresh", "value": "off"})
    assert await reply_text(driver, rec) == tr.text(
        "ru",
        "admin.reply.schedule_toggled",
        schedule=f"`monthly.hall.refresh` ({tr.text('ru', 'schedule.monthly.hall.refresh')})",
        state=tr.text("ru", "common.disabled"),
    )
    rows = await live.pool.fetch("SELECT guild_id, schedule_name, enabled FROM scheduler_settings")
    assert [tuple(r) for r in rows] == [(guild, "monthly.hall.refresh", False)]
    cron = CronScheduler(
        live.pool,
        seed_schedule_registry(),
        default_timezone="UTC",
        clock=lambda: dt.datetime(2030, 2, 1, 10, 0, tzinfo=dt.UTC),
        schedules=["monthly.hall.refresh"],
        gate=feature_schedule_gate,
    )
    fired, _ = await cron.tick()
    # This guild's switch is off; the other guild's hall feature has no channel, so it is skipped too.
    assert {(f.guild_id, f.job_id) for f in fired} == {(guild, None), (other, None)}

    bogus = await driver.run_command("owner", "admin feature set", {"name": "oracle", "value": "on"})
    assert await reply_text(driver, bogus) == tr.text("ru", "error.invalid_option")


async def test_reset_returns_the_draft_to_the_stored_settings(live: LiveBot) -> None:
    driver = live.driver
    channels = make_channels(driver)
    await configure(live.pool, driver.guild_id, {"raid_channel_id": channels["raid_channel_id"]})
    panel = await driver.run_command("owner", "setup start")
    panel_id = (await reply_text(driver, panel)).rsplit("/", 1)[-1]
    owner = driver.user_id("owner")
    rec = await driver.select("owner", panel_id, setup_pick_id("raid_channel_id", owner), [channels["hall_channel_id"]])
    assert await driver.wait_ack(rec)
    rec = await driver.select("alice", panel_id, setup_pick_id("hall_channel_id", owner), [channels["hall_channel_id"]])
    assert await reply_text(driver, rec) == default_translator().text("ru", "error.admin_required")

    rec = await driver.click("owner", panel_id, setup_button_id(SetupAction.RESET, owner))
    assert await driver.wait_ack(rec) and rec.ack_type == 7
    draft = await live.pool.fetchval("SELECT draft FROM setup_drafts WHERE guild_id = $1", driver.guild_id)
    assert json.loads(draft) == {"raid_channel_id": channels["raid_channel_id"]}
    message = driver.emu.world.find_message(panel_id)
    assert message is not None and f"<#{channels['raid_channel_id']}>" in str(message)


async def test_every_admin_command_works_on_a_guild_that_has_no_settings_yet(live: LiveBot) -> None:
    driver, tr = live.driver, default_translator()
    assert await live.pool.fetchval("SELECT count(*) FROM guild_settings") == 0
    apology = tr.text("ru", "error.failed")
    for command, options in ADMIN_PATHS:
        text = await reply_text(driver, await driver.run_command("owner", command, options))
        assert text and text != apology, command
    assert await live.pool.fetchval("SELECT locale FROM guild_settings WHERE guild_id = $1", driver.guild_id) == "en"
