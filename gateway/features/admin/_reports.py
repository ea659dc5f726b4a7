"""``/admin status`` and ``/admin doctor``: read-only reports in the guild's language."""

from __future__ import annotations

from typing import Any

from gateway._handler import interaction_handler
from gateway._host import FeatureHost
from gateway._reply import reply
from gateway.domain import (
    SCHEDULE_OWNERS,
    DoctorInput,
    check_bot_permissions,
    diagnose,
    evaluate_features,
    feature_flags,
)
from gateway.domain.render import render_doctor, render_status, report_messages
from gateway.features._access import require_admin, settings_values
from gateway.features._guild_snapshot import fetch_guild_snapshot
from gateway.i18n import default_translator
from store._schedule_settings import fetch_schedule_switches


async def _send_report(ctx: Any, report: str) -> None:
    """The deferred reply, then a follow-up per further part of a report longer than one message."""
    for part in report_messages(report):
        await reply(ctx, part)


def status_handler(host: FeatureHost) -> Any:
    """The callback of ``/admin status``."""

    @interaction_handler(feature="admin", action="status")
    async def status(ctx: Any) -> None:
        services = host.services
        settings = await require_admin(ctx, services)
        await ctx.defer(ephemeral=True)
        guild_id = str(ctx.guild_id)
        values = settings_values(settings)
        async with services.pool.acquire() as conn:
            switches = await fetch_schedule_switches(conn, guild_id, SCHEDULE_OWNERS)
        snapshot = await fetch_guild_snapshot(services, guild_id)
        text = render_status(
            settings=values,
            states=evaluate_features(feature_flags(settings.features), values),
            schedule_switches=switches,
            permission_checks=None if snapshot is None else check_bot_permissions(snapshot, values),
            default_timezone=services.default_timezone,
            locale=settings.locale,
            tr=default_translator(),
        )
        await _send_report(ctx, text)

    return status


def doctor_handler(host: FeatureHost) -> Any:
    """The callback of ``/admin doctor``."""

    @interaction_handler(feature="admin", action="doctor")
    async def doctor(ctx: Any) -> None:
        services = host.services
        settings = await require_admin(ctx, services)
        await ctx.defer(ephemeral=True)
        guild_id = str(ctx.guild_id)
        values = settings_values(settings)
        async with services.pool.acquire() as conn:
            switches = await fetch_schedule_switches(conn, guild_id, SCHEDULE_OWNERS)
        snapshot = await fetch_guild_snapshot(services, guild_id)
        findings = diagnose(
            DoctorInput(
                has_settings_row=settings.version > 0,
                settings=values,
                stored_features=settings.features,
                schedule_switches=switches,
                permission_checks=None if snapshot is None else check_bot_permissions(snapshot, values),
            )
        )
        report = render_doctor(findings, guild_id=guild_id, locale=settings.locale, tr=default_translator())
        await _send_report(ctx, report)

    return doctor
