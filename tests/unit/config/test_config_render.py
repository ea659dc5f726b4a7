"""/setup panel and /admin reports render in both languages within Discord's limits."""

from __future__ import annotations

import pytest

from features.admin._doctor import DoctorInput, diagnose
from features.admin._render import MAX_CONTENT, render_doctor, render_status, report_messages
from features.kernel._components import Button, _walk
from features.kernel._features import Feature, evaluate_features, feature_flags
from features.kernel._guild_permissions import CheckProblem, PermissionCheck
from features.kernel._permissions import Permission
from features.setup._render import SetupPanelView, render_setup_panel
from features.setup._rules import SetupAction, setup_button_id
from gateway.i18n import LOCALES, Locale, default_translator
from tests.unit.config._settings import CONFIGURED

TR = default_translator()
OWNER = "1574393120924237826"
BAD_CHECKS = [
    PermissionCheck(where="guild", target="1", problem=CheckProblem.MISSING_PERMISSIONS,
                    missing=(Permission.MANAGE_CHANNELS, Permission.MANAGE_ROLES)),
    PermissionCheck(where="pair_category_id", target="10", problem=CheckProblem.NOT_CATEGORY),
    PermissionCheck(where="raid_channel_id", target="12", problem=CheckProblem.NOT_FOUND),
    PermissionCheck(where="hall_channel_id", target="13", problem=CheckProblem.NOT_TEXT),
]


def _complete_button(view: SetupPanelView) -> Button:
    message = render_setup_panel(view, locale="ru", tr=TR)
    wanted = setup_button_id(SetupAction.COMPLETE, OWNER)
    return next(c for c in _walk(message.components) if isinstance(c, Button) and c.custom_id == wanted)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_panel_renders_and_complete_waits_for_required_settings(locale: Locale) -> None:
    empty = SetupPanelView(owner_id=OWNER, draft={})
    render_setup_panel(empty, locale=locale, tr=TR)
    assert _complete_button(empty).disabled
    ready = SetupPanelView(owner_id=OWNER, draft={**CONFIGURED, "timezone": "Asia/Dubai", "moderator_role_id": "7"})
    assert not _complete_button(ready).disabled
    text = str(render_setup_panel(ready, locale=locale, tr=TR).to_payload())
    assert "<#12>" in text and "<@&7>" in text and "Asia/Dubai" in text


def test_a_timezone_outside_the_list_is_still_shown_as_chosen() -> None:
    view = SetupPanelView(owner_id=OWNER, draft={"timezone": "Pacific/Auckland"})
    assert "Pacific/Auckland" in str(render_setup_panel(view, locale="en", tr=TR).to_payload())


@pytest.mark.parametrize("locale", LOCALES)
def test_reports_render_every_finding_in_messages_discord_takes(locale: Locale) -> None:
    findings = diagnose(
        DoctorInput(
            has_settings_row=False,
            settings={},
            stored_features={"raid": False},
            schedule_switches={"monthly.hall.refresh": False},
            permission_checks=BAD_CHECKS,
        )
    )
    doctor = render_doctor(findings, guild_id="1", locale=locale, tr=TR)
    assert all(len(part) <= MAX_CONTENT for part in report_messages(doctor)) and "{" not in doctor
    assert TR.text(locale, "permission.manage_channels") in doctor
    flags = feature_flags({Feature.RAID.value: False})
    status = render_status(
        settings=CONFIGURED,
        states=evaluate_features(flags, CONFIGURED),
        schedule_switches={"weekly.raid.start": False},
        permission_checks=BAD_CHECKS,
        default_timezone="Asia/Almaty",
        locale=locale,
        tr=TR,
    )
    assert all(len(part) <= MAX_CONTENT for part in report_messages(status)) and "{" not in status
    assert TR.text(locale, "admin.status.run_doctor") in status


def test_a_long_report_is_split_between_lines_and_nothing_is_lost() -> None:
    lines = [f"- line {n} " + "x" * 90 for n in range(60)]
    report = "\n".join(lines)
    parts = report_messages(report)
    assert len(parts) > 1 and all(len(part) <= MAX_CONTENT for part in parts)
    assert "\n".join(parts) == report  # cut only at line breaks
    assert report_messages("short") == ["short"]
    assert report_messages("y" * (MAX_CONTENT + 5)) == ["y" * (MAX_CONTENT - 1) + "…"]  # one huge line is clipped
