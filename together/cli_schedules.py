"""``together schedules``: every recurring schedule per guild, whether it fires, and when next (seed 002 §4).

The schedules are those this version runs (the features' cron jobs) and those the seeds name
(``SCHEDULE_OWNERS``); for each guild the cron evaluates, a schedule is

- ``on``: it fires at its next due time;
- ``off``: its own switch is off (``/admin schedule``);
- ``idle``: its switch is on but its owner feature is not ready (off, or not configured) — the cron's gate
  (:func:`features.kernel.schedule_may_fire`) holds it;
- ``no handler``: no job of this version runs it (a schedule of a feature still to come).

The next due time is the cron's next occurrence in the guild's timezone; an ``off`` or ``idle`` schedule's due
time passes without a job. ``last`` is the due time of the last occurrence the cron consumed for the guild.

``cli.add_command(make_schedules_command(resolve_dsn, default_timezone))``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import asyncpg
import click
import msgspec

from features.kernel import (
    SCHEDULE_OWNERS,
    FeatureStatus,
    GuildSettings,
    evaluate_feature,
    feature_flags,
    fetch_guild_settings,
    fetch_schedule_switches,
    schedule_may_fire,
    settings_values,
    zone,
)
from store import JobRegistry, cron_guilds, last_fires, next_occurrence
from together._cli_output import echo_json, echo_table, json_option, run_with_connection, to_dicts

_COLUMNS = (
    ("guild_id", "guild"),
    ("timezone", "timezone"),
    ("schedule", "schedule"),
    ("state", "state"),
    ("next_due", "next due (guild time)"),
    ("last_due", "last fired"),
    ("cron", "cron"),
    ("reason", "why"),
)


class ScheduleState(msgspec.Struct, frozen=True, kw_only=True):
    """One schedule in one guild."""

    guild_id: str
    timezone: str
    schedule: str
    #: The feature whose readiness gates it (None: always may fire).
    feature: str | None
    cron: str | None
    #: ``on``, ``off``, ``idle`` or ``no handler``.
    state: str
    reason: str
    #: The next occurrence in the guild's timezone (None without a handler).
    next_due: dt.datetime | None
    #: The due time of the last occurrence fired for the guild, in its timezone.
    last_due: dt.datetime | None


def schedule_crons(registry: JobRegistry) -> dict[str, str | None]:
    """``{schedule: cron}``: the registry's recurring jobs (with their cron), then the seeds' schedules this
    version has no handler for (cron None).

    Every job the features declare runs in the bot: by its own handler, or, for a projection's refresh job
    declared without one (the raid card's ten-minute pass), by the projection runtime.
    """
    crons: dict[str, str | None] = {spec.name: spec.cron for spec in registry if spec.cron is not None}
    for name in SCHEDULE_OWNERS:
        crons.setdefault(name, None)
    return crons


def schedule_state(name: str, cron: str | None, switched_on: bool, settings: GuildSettings) -> tuple[str, str]:
    """``(state, reason)`` of schedule ``name`` in a guild with ``settings`` (see the module docstring)."""
    if cron is None:
        return "no handler", "not in this version"
    if not switched_on:
        return "off", "switched off (/admin schedule)"
    values = settings_values(settings)
    if not schedule_may_fire(name, settings.features, values):
        owner = SCHEDULE_OWNERS[name]
        state = evaluate_feature(owner, feature_flags(settings.features), values)
        if state.status is FeatureStatus.DISABLED:
            return "idle", f"feature {owner.value} is off"
        return "idle", f"feature {owner.value} needs {', '.join(state.missing)}"
    return "on", "fires when due"


async def guild_schedules(
    conn: asyncpg.Connection,
    crons: dict[str, str | None],
    *,
    default_timezone: str,
    guild_id: str | None = None,
    now: dt.datetime | None = None,
) -> list[ScheduleState]:
    """Every schedule of ``crons`` in every guild the cron evaluates (or in ``guild_id``)."""
    moment = now or dt.datetime.now(dt.UTC)
    fired = await last_fires(conn, guild_id)
    result: list[ScheduleState] = []
    for guild in await cron_guilds(conn, guild_id):
        settings = await fetch_guild_settings(conn, guild.guild_id)
        switches = await fetch_schedule_switches(conn, guild.guild_id, crons)
        tz = zone(guild.timezone, default=default_timezone)
        for name, cron in crons.items():
            state, reason = schedule_state(name, cron, switches[name], settings)
            last = fired.get((guild.guild_id, name))
            owner = SCHEDULE_OWNERS.get(name)
            result.append(ScheduleState(
                guild_id=guild.guild_id, timezone=tz.key, schedule=name,
                feature=None if owner is None else owner.value, cron=cron, state=state, reason=reason,
                next_due=None if cron is None else next_occurrence(cron, tz, moment),
                last_due=None if last is None else last.astimezone(tz),
            ))
    return result


def feature_registry() -> JobRegistry:
    """Every job the features declare, with its handler (the schedules this version runs)."""
    from features import install_features
    from features.kernel import FeatureHost

    return install_features(FeatureHost()).job_registry()


def make_schedules_command(
    resolve_dsn: Callable[[], str],
    default_timezone: Callable[[], str],
    registry: Callable[[], JobRegistry] = feature_registry,
) -> click.Command:
    """The ``schedules`` command; it connects to ``resolve_dsn()`` and places guilds without a timezone in
    ``default_timezone()``. ``registry``: the jobs this version runs (default: every feature's)."""

    @click.command(name="schedules")
    @click.option("--guild", "guild_id", default=None, help="Only this guild.")
    @json_option
    def schedules(guild_id: str | None, as_json: bool) -> None:
        """Every recurring schedule per guild: on, off, idle or without a handler, and its next due time."""
        crons = schedule_crons(registry())
        tz_name = default_timezone()
        rows = run_with_connection(
            resolve_dsn, lambda conn: guild_schedules(conn, crons, default_timezone=tz_name, guild_id=guild_id)
        )
        if not rows and guild_id is not None:
            raise click.ClickException(
                f"guild {guild_id} has no settings, so no schedule fires there (together seed or /setup registers it)"
            )
        if as_json:
            echo_json(rows)
            return
        if not rows:
            click.echo(f"no guilds; schedules: {', '.join(_describe(crons.items()))}")
            return
        echo_table(to_dicts(rows), _COLUMNS, clip=("reason",))

    return schedules


def _describe(crons: Iterable[tuple[str, str | None]]) -> list[str]:
    return [f"{name} ({cron or 'no handler'})" for name, cron in crons]
