"""``/admin doctor``: what is wrong with a guild's setup and what to do about it (pure).

Findings come in a fixed order (settings row, required settings, the bot's permissions, each feature, each
schedule), each with a level and, when something needs doing, a hint. Texts are chosen by the renderer from
``code`` (``admin.doctor.finding.<code>`` and ``admin.doctor.hint.<code>``) with ``params``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

import msgspec

from features.kernel import (
    SCHEDULE_OWNERS,
    SETUP_REQUIRED_KEYS,
    CheckProblem,
    FeatureState,
    FeatureStatus,
    PermissionCheck,
    evaluate_features,
    feature_flags,
    missing_settings,
)


class FindingLevel(enum.StrEnum):
    """How bad a finding is; the report's overall level is the worst one."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the report. ``params`` values are raw: setting keys, feature names, ids, permission bits."""

    level: FindingLevel
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
    #: The job names this bot can run; a switched-on schedule outside it fires into nothing (None: unknown).
    runnable_jobs: frozenset[str] | None = None
    """``None`` when Discord could not be asked (reported as one failed finding)."""
    #: Effects (posts, rooms, notices) of the guild that ended failed or dead, by kind.
    undone_effects: Mapping[str, int] = msgspec.field(default_factory=dict)


OK, WARN, FAIL = FindingLevel.OK, FindingLevel.WARN, FindingLevel.FAIL


def _setup_findings(data: DoctorInput) -> list[Finding]:
    found = [
        Finding(level=OK, code="settings_saved")
        if data.has_settings_row
        else Finding(level=FAIL, code="settings_missing", hint="run_setup")
    ]
    missing = missing_settings(data.settings, SETUP_REQUIRED_KEYS)
    if missing:
        found.append(Finding(level=FAIL, code="setup_incomplete", params={"missing": missing}, hint="run_setup"))
    else:
        found.append(Finding(level=OK, code="setup_complete"))
    return found


def _permission_finding(check: PermissionCheck) -> Finding:
    params: dict[str, object] = {"where": check.where, "target": check.target}
    if check.problem is CheckProblem.MISSING_PERMISSIONS:
        params["missing"] = check.missing
        return Finding(level=FAIL, code="permissions_missing", params=params, hint="permissions_missing")
    assert check.problem is not None
    return Finding(level=FAIL, code=f"channel_{check.problem.value}", params=params, hint="choose_channel")


def _permission_findings(checks: Sequence[PermissionCheck] | None) -> list[Finding]:
    if checks is None:
        return [Finding(level=FAIL, code="permissions_unknown", hint="retry_later")]
    failed = [_permission_finding(check) for check in checks if not check.ok]
    return failed or [Finding(level=OK, code="permissions_ok")]


def _feature_finding(state: FeatureState) -> Finding:
    name = state.feature.value
    if state.status is FeatureStatus.READY:
        return Finding(level=OK, code="feature_ready", params={"feature": name})
    if state.status is FeatureStatus.NOT_CONFIGURED:
        params = {"feature": name, "missing": state.missing}
        return Finding(level=FAIL, code="feature_not_configured", params=params, hint="run_setup")
    return Finding(level=WARN, code="feature_disabled", params={"feature": name}, hint="enable_feature")


def _schedule_finding(schedule: str, owner_ready: bool, on: bool, owner: str, runnable: bool) -> Finding:
    params = {"schedule": schedule, "feature": owner}
    if on and owner_ready and not runnable:
        # Cron never enqueues a job no process handles, so nothing piles up; but the admin expects it to run.
        return Finding(level=WARN, code="schedule_unrunnable", params=params, hint="schedule_unrunnable")
    if on and not owner_ready:
        return Finding(level=WARN, code="schedule_idle", params=params, hint="schedule_idle")
    if not on and owner_ready:
        return Finding(level=WARN, code="schedule_off", params=params, hint="schedule_on")
    return Finding(level=OK, code="schedule_on" if on else "schedule_paused", params=params)


def _effects_finding(undone: Mapping[str, int]) -> Finding:
    if not undone:
        return Finding(level=OK, code="effects_done")
    params = {"count": sum(undone.values()), "kinds": tuple(sorted(undone.items()))}
    return Finding(level=WARN, code="effects_undone", params=params, hint="effects_undone")


def diagnose(data: DoctorInput) -> tuple[Finding, ...]:
    """Every finding about one guild, in report order."""
    states = {state.feature: state for state in evaluate_features(feature_flags(data.stored_features), data.settings)}
    schedules = [
        _schedule_finding(
            schedule,
            owner_ready=states[owner].status is FeatureStatus.READY,
            on=data.schedule_switches.get(schedule, True),
            owner=owner.value,
            runnable=data.runnable_jobs is None or schedule in data.runnable_jobs,
        )
        for schedule, owner in SCHEDULE_OWNERS.items()
    ]
    return (
        *_setup_findings(data),
        *_permission_findings(data.permission_checks),
        *(_feature_finding(state) for state in states.values()),
        *schedules,
        _effects_finding(data.undone_effects),
    )


def overall_level(findings: Sequence[Finding]) -> FindingLevel:
    """The worst level among ``findings``."""
    levels = {finding.level for finding in findings}
    for level in (FindingLevel.FAIL, FindingLevel.WARN):
        if level in levels:
            return level
    return FindingLevel.OK
