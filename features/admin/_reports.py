"""``/admin status`` and ``/admin doctor``: read-only reports in the guild's language."""

from __future__ import annotations

from dataclasses import dataclass

from features.admin._doctor import DoctorInput, diagnose
from features.admin._render import render_doctor, render_status, report_messages
from features.kernel import (
    SCHEDULE_OWNERS,
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
    undone_effects,
)
from gateway import Interaction, Responder
from gateway.i18n import default_translator


async def _send_report(responder: Responder, report: str) -> None:
    """The deferred reply, then a follow-up per further part of a report longer than one message."""
    for part in report_messages(report):
        await responder.reply(part)


@dataclass(frozen=True, kw_only=True)
class _ReportInputs:
    """What both reports read: the configuration, the schedule switches and the bot's permission checks."""

    settings: GuildSettings
    values: dict[str, object]
    switches: dict[str, bool]
    permission_checks: tuple[PermissionCheck, ...] | None
    undone_effects: dict[str, int]


async def _read_report_inputs(services: Services, interaction: Interaction, responder: Responder) -> _ReportInputs:
    """Refuse non-administrators, acknowledge (the guild snapshot takes a few REST calls), then read."""
    settings = await require_admin(interaction, services)
    await responder.defer()
    guild_id = settings.guild_id
    values = settings_values(settings)
    async with services.pool.acquire() as conn:
        switches = await fetch_schedule_switches(conn, guild_id, SCHEDULE_OWNERS)
        undone = await undone_effects(conn, guild_id)
    snapshot = await fetch_guild_snapshot(services, guild_id)
    return _ReportInputs(
        settings=settings,
        values=values,
        switches=switches,
        permission_checks=None if snapshot is None else check_bot_permissions(snapshot, values),
        undone_effects=undone,
    )


async def status(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/admin status``: the guild's configuration, features, schedules and the bot's permissions."""
    report = await _read_report_inputs(services, interaction, responder)
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
    await _send_report(responder, text)


async def doctor(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/admin doctor``: what stops the guild from working, each finding with what to do."""
    report = await _read_report_inputs(services, interaction, responder)
    settings = report.settings
    findings = diagnose(
        DoctorInput(
            has_settings_row=settings.version > 0,
            settings=report.values,
            stored_features=settings.features,
            schedule_switches=report.switches,
            permission_checks=report.permission_checks,
            runnable_jobs=services.runnable_jobs,
            undone_effects=report.undone_effects,
        )
    )
    report_text = render_doctor(findings, guild_id=settings.guild_id, locale=settings.locale, tr=default_translator())
    await _send_report(responder, report_text)
