"""Texts of ``/admin``: the status report, the doctor report and the short confirmations (pure).

Reports are markdown message content in the guild's language; a report longer than Discord's 2000 characters
is sent as several messages (:func:`report_messages`), never cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from features.admin._doctor import Finding, FindingLevel, overall_level
from features.kernel import (
    SCHEDULE_OWNERS,
    SETUP_REQUIRED_KEYS,
    FeatureState,
    Permission,
    PermissionCheck,
    feature_name,
    missing_settings,
    permission_names,
    setting_name,
    split_content,
)
from gateway.i18n import Locale, Translator

#: Discord's limit on message content.
MAX_CONTENT = 2000

_LEVEL_MARK = {FindingLevel.OK: "✅", FindingLevel.WARN: "⚠️", FindingLevel.FAIL: "❌"}


def on_off(enabled: bool, *, locale: Locale, tr: Translator) -> str:
    """The word for a switch state."""
    return tr.text(locale, "common.enabled" if enabled else "common.disabled")


def schedule_name(name: str, *, locale: Locale, tr: Translator) -> str:
    """The display name of a recurring schedule (``weekly.raid.start`` → "weekly raid start")."""
    return tr.text(locale, f"schedule.{name}")


def feature_state_text(state: FeatureState, *, locale: Locale, tr: Translator) -> str:
    """``ready`` / ``turned off`` / ``on, but not set up (missing: …)``."""
    text = tr.text(locale, f"feature.state.{state.status.value}")
    if state.missing:
        missing = ", ".join(setting_name(key, locale=locale, tr=tr) for key in state.missing)
        text = tr.text(locale, "admin.status.missing_suffix", state=text, missing=missing)
    return text


def where_text(where: str, target: str, *, locale: Locale, tr: Translator) -> str:
    """Where a permission check looked: server-wide, the pair category, or a channel (mentioned)."""
    if where == "guild":
        return tr.text(locale, "permission.where.guild")
    if where == "pair_category_id":
        return tr.text(locale, "permission.where.category")
    return tr.text(locale, "permission.where.channel", channel=f"<#{target}>")


def _setting_value(key: str, value: object, *, locale: Locale, tr: Translator) -> str:
    if value is None or value == "":
        return tr.text(locale, "admin.status.not_set")
    if key == "moderator_role_id":
        return f"<@&{value}>"
    if key.endswith("_id"):
        return f"<#{value}>"
    return f"`{value}`"


def render_status(
    *,
    settings: Mapping[str, object],
    states: Sequence[FeatureState],
    schedule_switches: Mapping[str, bool],
    permission_checks: Sequence[PermissionCheck] | None,
    default_timezone: str,
    locale: Locale,
    tr: Translator,
) -> str:
    """The ``/admin status`` report: setup, features, schedules, settings, permissions."""
    lines = [f"## {tr.text(locale, 'admin.status.title')}"]
    missing = missing_settings(settings, SETUP_REQUIRED_KEYS)
    if missing:
        names = ", ".join(setting_name(key, locale=locale, tr=tr) for key in missing)
        lines.append(f"❌ {tr.text(locale, 'admin.status.setup_missing', missing=names)}")
    else:
        lines.append(f"✅ {tr.text(locale, 'admin.status.setup_complete')}")

    lines.append(f"### {tr.text(locale, 'admin.status.section.features')}")
    ready = {state.feature for state in states if state.status.value == "ready"}
    for state in states:
        mark = "✅" if state.feature in ready else "❌"
        name = feature_name(state.feature.value, locale=locale, tr=tr)
        lines.append(f"- {mark} {name}: {feature_state_text(state, locale=locale, tr=tr)}")

    lines.append(f"### {tr.text(locale, 'admin.status.section.schedules')}")
    for schedule, owner in SCHEDULE_OWNERS.items():
        on = schedule_switches.get(schedule, True)
        line = f"- `{schedule}` ({schedule_name(schedule, locale=locale, tr=tr)}): {on_off(on, locale=locale, tr=tr)}"
        if on and owner not in ready:
            line += " — " + tr.text(
                locale, "admin.status.schedule_idle", feature=feature_name(owner.value, locale=locale, tr=tr)
            )
        lines.append(line)

    lines.append(f"### {tr.text(locale, 'admin.status.section.settings')}")
    language = tr.text(locale, f"locale.{settings.get('locale') or 'ru'}")
    lines.append(f"- {setting_name('locale', locale=locale, tr=tr).capitalize()}: {language}")
    timezone = settings.get("timezone") or default_timezone
    lines.append(f"- {setting_name('timezone', locale=locale, tr=tr).capitalize()}: `{timezone}`")
    for key in (*SETUP_REQUIRED_KEYS, "duels_channel_id", "moderator_role_id"):
        value = _setting_value(key, settings.get(key), locale=locale, tr=tr)
        lines.append(f"- {setting_name(key, locale=locale, tr=tr).capitalize()}: {value}")

    lines.append(f"### {tr.text(locale, 'admin.status.section.permissions')}")
    if permission_checks is None:
        lines.append(f"- ❌ {tr.text(locale, 'admin.doctor.finding.permissions_unknown')}")
    else:
        failed = [check for check in permission_checks if not check.ok]
        if not failed:
            lines.append(f"- ✅ {tr.text(locale, 'admin.doctor.finding.permissions_ok')}")
        lines.extend(f"- ❌ {_permission_problem(check, locale=locale, tr=tr)}" for check in failed)
        if failed:
            lines.append(tr.text(locale, "admin.status.run_doctor"))
    return "\n".join(lines)


def report_messages(report: str) -> list[str]:
    """A report as the messages that carry it whole (each within Discord's content limit)."""
    return split_content(report, MAX_CONTENT)


def _permission_problem(check: PermissionCheck, *, locale: Locale, tr: Translator) -> str:
    if check.missing:
        return tr.text(
            locale,
            "admin.doctor.finding.permissions_missing",
            where=where_text(check.where, check.target, locale=locale, tr=tr),
            missing=permission_names(check.missing, locale=locale, tr=tr),
        )
    assert check.problem is not None
    setting = setting_name(check.where, locale=locale, tr=tr)
    return tr.text(locale, f"admin.doctor.finding.channel_{check.problem.value}", setting=setting)


def _params(finding: Finding, *, locale: Locale, tr: Translator) -> dict[str, object]:
    params: dict[str, object] = {}
    raw = finding.params
    if "feature" in raw:
        params["feature"] = feature_name(str(raw["feature"]), locale=locale, tr=tr)
        params["name"] = str(raw["feature"])
    if "schedule" in raw:
        params["schedule"] = f"`{raw['schedule']}`"
    if "where" in raw:
        where, target = str(raw["where"]), str(raw.get("target", ""))
        params["where"] = where_text(where, target, locale=locale, tr=tr)
        if where != "guild":
            params["setting"] = setting_name(where, locale=locale, tr=tr)
    if "count" in raw:
        params["count"] = raw["count"]
    kinds = raw.get("kinds")
    if isinstance(kinds, tuple):
        params["kinds"] = ", ".join(f"`{kind}` × {count}" for kind, count in kinds)
    missing = raw.get("missing")
    if isinstance(missing, tuple) and missing and isinstance(missing[0], Permission):
        params["missing"] = permission_names(missing, locale=locale, tr=tr)
    elif isinstance(missing, tuple):
        params["missing"] = ", ".join(setting_name(str(key), locale=locale, tr=tr) for key in missing)
    return params


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def render_doctor(findings: Sequence[Finding], *, guild_id: str, locale: Locale, tr: Translator) -> str:
    """The ``/admin doctor`` report: overall verdict, every check that is not fine, and what to do.

    Fine checks are summed up in one line so the report stays short.
    """
    level = overall_level(findings)
    verdict = f"{_LEVEL_MARK[level]} **{tr.text(locale, f'admin.doctor.{level.value}')}**"
    lines = [
        f"## {tr.text(locale, 'admin.doctor.title')}",
        tr.text(locale, "admin.doctor.server", guild=f"`{guild_id}`"),
        tr.text(locale, "admin.doctor.overall", level=verdict),
        f"### {tr.text(locale, 'admin.doctor.checks')}",
    ]
    fine = [finding for finding in findings if finding.level is FindingLevel.OK]
    for finding in findings:
        if finding.level is not FindingLevel.OK:
            text = tr.text(locale, f"admin.doctor.finding.{finding.code}", **_params(finding, locale=locale, tr=tr))
            lines.append(f"- {_LEVEL_MARK[finding.level]} {text}")
    lines.append(f"- ✅ {tr.plural(locale, 'admin.doctor.fine_checks', len(fine), count=len(fine))}")
    lines.append(f"### {tr.text(locale, 'admin.doctor.todo')}")
    hints = _unique(
        tr.text(locale, f"admin.doctor.hint.{finding.hint}", **_params(finding, locale=locale, tr=tr))
        for finding in findings
        if finding.hint is not None and finding.level is not FindingLevel.OK
    )
    if not hints:
        hints = [tr.text(locale, "admin.doctor.no_problems")]
    lines.extend(f"{number}. {hint}" for number, hint in enumerate(hints, start=1))
    return "\n".join(lines)
