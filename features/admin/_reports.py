"""``/admin status`` and ``/admin doctor``: read-only reports in the guild's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from features.admin._doctor import DoctorInput, diagnose
from features.admin._render import render_doctor, render_status, report_messages
from features.kernel import (
    SCHEDULE_OWNERS,
    FeatureHost,
    GuildSettings,
    PermissionCheck,
    Services,
    check_bot_permissions,
    evaluate_features,
    feature_flags,
    fetch_guild_snapshot,
    fetch_schedule_switches,
    require_admin,
    settings_values,
)
from gateway import interaction_handler, reply
from gateway.i18n import default_translator


async def _send_report(ctx: Any, report: str) -> None:
    """The deferred reply, then a follow-up per further part of a report longer than one message."""
    for part in report_messages(report):
        await reply(ctx, part)


@dataclass(frozen=True, kw_only=True)
class _ReportInputs:
    """What both reports read: the configuration, the schedule switches and the bot's permission checks."""

    settings: GuildSettings
    values: dict[str, object]
    switches: dict[str, bool]
    permission_checks: tuple[PermissionCheck, ...] | None


async def _read_report_inputs(ctx: Any, services: Services) -> _ReportInputs:
    """Refuse non-administrators, acknowledge (the guild snapshot takes a few REST calls), then read."""
    settings = await require_admin(ctx, services)
    await ctx.defer(ephemeral=True)
    guild_id = str(ctx.guild_id)
    values = settings_values(settings)
    async with services.pool.acquire() as conn:
        switches = await fetch_schedule_switches(conn, guild_id, SCHEDULE_OWNERS)
    snapshot = await fetch_guild_snapshot(services, guild_id)
    return _ReportInputs(
        settings=settings,
        values=values,
        switches=switches,
        permission_checks=None if snapshot is None else check_bot_permissions(snapshot, values),
    )


def status_handler(host: FeatureHost) -> Any:
    """The callback of ``/admin status``."""

    @interaction_handler(feature="admin", action="status", locale_of=host.locale_of)
    async def status(ctx: Any) -> None:
        services = host.services
        report = await _read_report_inputs(ctx, services)
        settings = report.settings
        text = render_status(
            settings=report.values,
            states=evaluate_features(feature_flags(settings.features), report.values),
            schedule_switches=report.switches,
            permission_checks=report.permission_checks,
            default_timezone=services.default_timezone,
            locale=settings.locale,
            tr=default_translator(),
        )
        await _send_report(ctx, text)

    return status


def doctor_handler(host: FeatureHost) -> Any:
    """The callback of ``/admin doctor``."""

    @interaction_handler(feature="admin", action="doctor", locale_of=host.locale_of)
    async def doctor(ctx: Any) -> None:
        report = await _read_report_inputs(ctx, host.services)
        settings = report.settings
        findings = diagnose(
            DoctorInput(
                has_settings_row=settings.version > 0,
                settings=report.values,
                stored_features=settings.features,
                schedule_switches=report.switches,
                permission_checks=report.permission_checks,
                runnable_jobs=host.services.runnable_jobs,
            )
        )
        report_text = render_doctor(
            findings, guild_id=str(ctx.guild_id), locale=settings.locale, tr=default_translator()
        )
        await _send_report(ctx, report_text)

    return doctor
