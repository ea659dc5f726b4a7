"""``together schedules`` against a real Postgres: every schedule per guild with its state (on, off by its
switch, idle because its feature is not ready, no handler in this version) and its next due time in the guild's
timezone."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import asyncpg
import psycopg
import pytest
from click.testing import CliRunner

from features.kernel import PUBLISH, PublicPostPublish
from store import JobContext, JobRegistry, JobSpec
from together.cli_schedules import guild_schedules, make_schedules_command, schedule_crons

ON, NO_CHANNEL, FEATURE_OFF, SWITCHED_OFF = "111", "222", "333", "444"
CHECKIN = {"weekly.checkin.nudge"}
#: Every seed schedule runs in this version; these are the rest, each held by its feature (off, or without
#: its channel: the hall is on by default).
OTHERS = {
    "weekly.horoscope.publish": "feature horoscope is off",
    "monthly.hall.refresh": "feature hall needs hall_channel_id",
}
RAIDS = {"weekly.raid.start", "weekly.raid.end", "daily.raid.offers.generate", "raid.progress.refresh"}


def _guilds(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO guild_settings (guild_id, timezone, public_post_channel_id, features) VALUES"
            " (%s, 'Europe/Berlin', '900', '{}'), (%s, NULL, NULL, '{}'),"
            " (%s, NULL, '900', '{\"public_post\": false}'), (%s, 'America/New_York', '900', '{}')",
            (ON, NO_CHANNEL, FEATURE_OFF, SWITCHED_OFF),
        )
        conn.execute(
            "INSERT INTO scheduler_settings (guild_id, schedule_name, enabled)"
            " VALUES (%s, 'public.post.publish', false)",
            (SWITCHED_OFF,),
        )
        conn.execute(
            "INSERT INTO cron_fires (guild_id, schedule_name, due_at) VALUES (%s, 'public.post.publish', %s),"
            " (%s, 'public.post.publish', %s)",
            (ON, dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC), ON, dt.datetime(2025, 3, 1, 8, 2, tzinfo=dt.UTC)),
        )


def test_each_schedule_of_each_guild_with_its_state_and_next_due_time(database_url: str) -> None:
    _guilds(database_url)
    cli = make_schedules_command(lambda: database_url, lambda: "Asia/Almaty")
    runner = CliRunner()

    result = runner.invoke(cli, ["--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert set(rows[0]) == {
        "guild_id", "timezone", "schedule", "feature", "cron", "state", "reason", "next_due", "last_due"
    }
    publish = {row["guild_id"]: row for row in rows if row["schedule"] == "public.post.publish"}
    assert {guild: row["state"] for guild, row in publish.items()} == {
        ON: "on", NO_CHANNEL: "idle", FEATURE_OFF: "idle", SWITCHED_OFF: "off"
    }
    assert publish[NO_CHANNEL]["reason"] == "feature public_post needs public_post_channel_id"
    assert publish[FEATURE_OFF]["reason"] == "feature public_post is off"
    assert publish[SWITCHED_OFF]["reason"] == "switched off (/admin schedule)"
    on = publish[ON]
    assert (on["timezone"], on["cron"], on["feature"]) == ("Europe/Berlin", "*/2 * * * *", "public_post")
    assert publish[NO_CHANNEL]["timezone"] == "Asia/Almaty"  # no timezone of its own: the default
    next_due = dt.datetime.fromisoformat(on["next_due"])
    assert next_due.utcoffset() == ZoneInfo("Europe/Berlin").utcoffset(next_due.replace(tzinfo=None))
    assert next_due.minute % 2 == 0 and next_due > dt.datetime.now(dt.UTC)
    # The last occurrence fired, in the guild's time (08:02 UTC is 09:02 in Berlin in March).
    assert on["last_due"] == "2025-03-01T09:02:00+01:00"

    assert not [row for row in rows if row["state"] == "no handler"]
    for name, reason in OTHERS.items():
        row = next(row for row in rows if row["guild_id"] == ON and row["schedule"] == name)
        assert (row["state"], row["reason"]) == ("idle", reason)
    raids = [row for row in rows if row["guild_id"] == ON and row["schedule"] in RAIDS]
    assert {row["schedule"] for row in raids} == RAIDS
    assert [(row["state"], row["reason"]) for row in raids] == [("idle", "feature raid is off")] * len(RAIDS)
    checkin = [row for row in rows if row["guild_id"] == ON and row["schedule"] in CHECKIN]
    assert [(row["state"], row["reason"]) for row in checkin] == [("idle", "feature checkin is off")]

    table = runner.invoke(cli, ["--guild", ON])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split()[:4] == ["guild", "timezone", "schedule", "state"]
    assert len(lines) == 1 + 1 + len(RAIDS) + len(CHECKIN) + len(OTHERS)
    line = next(line for line in lines if "public.post.publish" in line)
    assert line.split()[:4] == [ON, "Europe/Berlin", "public.post.publish", "on"]

    unknown = runner.invoke(cli, ["--guild", "999"])
    assert unknown.exit_code == 1 and "no settings" in unknown.output


@pytest.mark.anyio
async def test_a_seed_schedule_with_a_handler_is_idle_until_its_feature_is_ready(database_url: str) -> None:
    """With a handler for a raid schedule, the raid feature (off by default) holds it; switched on and
    configured, it fires at its next Monday 09:00 in the guild's timezone."""
    _guilds(database_url)

    async def nothing(payload: PublicPostPublish, ctx: JobContext) -> None:
        return None

    registry = JobRegistry()
    registry.add(PUBLISH, nothing)
    raid: JobSpec[PublicPostPublish] = JobSpec(
        name="weekly.raid.start", payload_type=PublicPostPublish, feature="raid", action="start", cron="0 9 * * 1"
    )
    registry.add(raid, nothing)
    crons = schedule_crons(registry)
    assert list(crons)[:2] == ["public.post.publish", "weekly.raid.start"]
    now = dt.datetime(2025, 3, 5, 12, 0, tzinfo=dt.UTC)  # a Wednesday
    conn = await asyncpg.connect(database_url)
    try:
        before = await guild_schedules(conn, crons, default_timezone="Asia/Almaty", guild_id=ON, now=now)
        await conn.execute(
            "UPDATE guild_settings SET raid_channel_id = '901', features = '{\"raid\": true}' WHERE guild_id = $1", ON
        )
        after = await guild_schedules(conn, crons, default_timezone="Asia/Almaty", guild_id=ON, now=now)
    finally:
        await conn.close()
    raid_before = next(s for s in before if s.schedule == "weekly.raid.start")
    assert (raid_before.state, raid_before.reason) == ("idle", "feature raid is off")
    raid_after = next(s for s in after if s.schedule == "weekly.raid.start")
    assert raid_after.state == "on"
    assert raid_after.next_due == dt.datetime(2025, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert raid_after.next_due is not None and raid_after.next_due.utcoffset() == dt.timedelta(hours=1)
    publish = next(s for s in after if s.schedule == "public.post.publish")
    assert publish.next_due == dt.datetime(2025, 3, 5, 13, 2, tzinfo=ZoneInfo("Europe/Berlin"))
