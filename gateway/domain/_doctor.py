"""``/admin doctor``: what is wrong with a guild's setup and what to do about it (pure).

Findings come in a fixed order (settings row, required settings, the bot's permissions, each feature, each
schedule), each with a level and, when something needs doing, a hint. Texts are chosen by the renderer from
``code`` (``admin.doctor.finding.<code>`` and ``admin.doctor.hint.<code>``) with ``params``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

import msgspec

from gateway.domain._features import (
    SETUP_REQUIRED_KEYS,
    FeatureStatus,
    evaluate_features,
    feature_flags,
    missing_settings,
)
from gateway.domain._guild_permissions import CheckProblem, PermissionCheck
from gateway.domain._schedules import SCHEDULE_OWNERS


class Level(enum.StrEnum):
    """How bad a finding is; the report's overall level is the worst one."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the report. ``params`` values are raw: setting keys, feature names, ids, permission bits."""

    level: Level
    code: str
    params: Mapping[str, object] = msgspec.field(default_factory=dict)
    hint: str | None = None


class DoctorInput(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the doctor looks at."""

    has_settings_row: bool
    settings: Mapping[str, object]
    stored_features: Mapping[str, object]
    schedule_switches: Mapping[str, bool]
    permission_checks: Sequence[PermissionCheck] | None
    """``None`` when Discord could not be asked (reported as one failed finding)."""


def _permission_finding(check: PermissionCheck) -> Finding:
    params: dict[str, object] = {"where": check.where, "target": check.target}
    if check.problem is CheckProblem.MISSING_PERMISSIONS:
        params["missing"] = check.missing
        return Finding(level=Level.FAIL, code="permissions_missing", params=params, hint="permissions_missing")
    assert check.problem is not None
    return Finding(level=Level.FAIL, code=f"channel_{check.problem.value}", params=params, hint="choose_channel")


def diagnose(data: DoctorInput) -> tuple[Finding, ...]:
    """Every finding about one guild, in report order."""
    findings: list[Finding] = []
    if data.has_settings_row:
        findings.append(Finding(level=Level.OK, code="settings_saved"))
    else:
        findings.append(Finding(level=Level.FAIL, code="settings_missing", hint="run_setup"))
    missing = missing_settings(data.settings, SETUP_REQUIRED_KEYS)
    if missing:
        findings.append(
            Finding(level=Level.FAIL, code="setup_incomplete", params={"missing": missing}, hint="run_setup")
        )
    else:
        findings.append(Finding(level=Level.OK, code="setup_complete"))

    if data.permission_checks is None:
        findings.append(Finding(level=Level.FAIL, code="permissions_unknown", hint="retry_later"))
    else:
        failed = [check for check in data.permission_checks if not check.ok]
        findings.extend(_permission_finding(check) for check in failed)
        if not failed:
            findings.append(Finding(level=Level.OK, code="permissions_ok"))

    states = {state.feature: state for state in evaluate_features(feature_flags(data.stored_features), data.settings)}
    for state in states.values():
        name = state.feature.value
        if state.status is FeatureStatus.READY:
            findings.append(Finding(level=Level.OK, code="feature_ready", params={"feature": name}))
        elif state.status is FeatureStatus.NOT_CONFIGURED:
            findings.append(
                Finding(
                    level=Level.FAIL,
                    code="feature_not_configured",
                    params={"feature": name, "missing": state.missing},
                    hint="run_setup",
                )
            )
        else:
            findings.append(
                Finding(level=Level.WARN, code="feature_disabled", params={"feature": name}, hint="enable_feature")
            )

    for schedule, owner in SCHEDULE_OWNERS.items():
        on = data.schedule_switches.get(schedule, True)
        ready = states[owner].status is FeatureStatus.READY
        params = {"schedule": schedule, "feature": owner.value}
        if on and not ready:
            findings.append(Finding(level=Level.WARN, code="schedule_idle", params=params, hint="schedule_idle"))
        elif not on and ready:
            findings.append(Finding(level=Level.WARN, code="schedule_off", params=params, hint="schedule_on"))
        else:
            findings.append(Finding(level=Level.OK, code="schedule_on" if on else "schedule_paused", params=params))
    return tuple(findings)


def overall(findings: Sequence[Finding]) -> Level:
    """The worst level among ``findings``."""
    levels = {finding.level for finding in findings}
    for level in (Level.FAIL, Level.WARN):
        if level in levels:
            return level
    return Level.OK
