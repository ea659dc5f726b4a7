"""Pure rules of /admin doctor, the feature-gated schedules and the /setup draft."""

from __future__ import annotations

import msgspec
import pytest

from features.admin._doctor import DoctorInput, FindingLevel, diagnose, overall_level
from features.kernel._custom_id import decode_custom_id
from features.kernel._errors import CustomIdError
from features.kernel._features import Feature
from features.kernel._guild_permissions import ChannelInfo, CheckProblem, GuildSnapshot, PermissionCheck
from features.kernel._permissions import Permission
from features.kernel._schedules import SCHEDULE_OWNERS, schedule_may_fire
from features.setup._rules import (
    DRAFT_FIELDS,
    DraftIssue,
    DraftProblem,
    SetupAction,
    draft_from_settings,
    parse_setup_control,
    plan_complete,
    setup_button_id,
    setup_pick_id,
    validate_draft,
)
from tests.unit.config._settings import CONFIGURED

ALL_ON = {feature.value: True for feature in Feature}
OK_CHECKS = [PermissionCheck(where="guild", target="1")]


HEALTHY = DoctorInput(
    has_settings_row=True,
    settings=CONFIGURED,
    stored_features=ALL_ON,
    schedule_switches={},
    permission_checks=OK_CHECKS,
)


def _doctor(**changes: object) -> tuple[FindingLevel, list[tuple[FindingLevel, str]]]:
    findings = diagnose(msgspec.structs.replace(HEALTHY, **changes))
    return overall_level(findings), [(f.level, f.code) for f in findings if f.level is not FindingLevel.OK]


def test_a_configured_guild_is_clean() -> None:
    assert _doctor() == (FindingLevel.OK, [])


def test_a_fresh_guild_fails_with_hints_to_run_setup() -> None:
    findings = diagnose(
        DoctorInput(
            has_settings_row=False, settings={}, stored_features={}, schedule_switches={}, permission_checks=OK_CHECKS
        )
    )
    assert overall_level(findings) is FindingLevel.FAIL
    problems = {f.code: f for f in findings if f.level is FindingLevel.FAIL}
    assert problems["settings_missing"].hint == "run_setup"
    assert problems["setup_incomplete"].params["missing"] == tuple(CONFIGURED)
    # hall and public posts are on by default but have no channel: failing, with the missing setting named
    assert problems["feature_not_configured"].params["missing"] in {("hall_channel_id",), ("public_post_channel_id",)}
    idle = [f for f in findings if f.code == "schedule_idle"]
    assert {f.params["schedule"] for f in idle} == set(SCHEDULE_OWNERS)


def test_permission_problems_each_become_a_failure_with_a_hint() -> None:
    checks = [
        PermissionCheck(where="guild", target="1"),
        PermissionCheck(where="raid_channel_id", target="12", problem=CheckProblem.MISSING_PERMISSIONS,
                        missing=(Permission.EMBED_LINKS,)),
        PermissionCheck(where="hall_channel_id", target="13", problem=CheckProblem.NOT_FOUND),
    ]
    level, problems = _doctor(permission_checks=checks)
    assert level is FindingLevel.FAIL
    assert problems == [(FindingLevel.FAIL, "permissions_missing"), (FindingLevel.FAIL, "channel_not_found")]
    assert _doctor(permission_checks=None) == (FindingLevel.FAIL, [(FindingLevel.FAIL, "permissions_unknown")])


def test_feature_state_versus_schedules() -> None:
    level, problems = _doctor(stored_features={**ALL_ON, "raid": False})
    assert level is FindingLevel.WARN
    # the raid's four schedules are on while the raid is off: each is reported as idle
    assert problems.count((FindingLevel.WARN, "schedule_idle")) == 4
    assert (FindingLevel.WARN, "feature_disabled") in problems
    level, problems = _doctor(schedule_switches={"monthly.hall.refresh": False})
    assert (level, problems) == (FindingLevel.WARN, [(FindingLevel.WARN, "schedule_off")])
    both_off = _doctor(stored_features={**ALL_ON, "hall": False}, schedule_switches={"monthly.hall.refresh": False})
    assert both_off == (FindingLevel.WARN, [(FindingLevel.WARN, "feature_disabled")])


def test_a_switched_on_schedule_that_nothing_runs_is_named() -> None:
    runnable = frozenset(SCHEDULE_OWNERS) - {"weekly.horoscope.publish"}
    level, problems = _doctor(runnable_jobs=runnable)
    assert (level, problems) == (FindingLevel.WARN, [(FindingLevel.WARN, "schedule_unrunnable")])
    findings = diagnose(msgspec.structs.replace(HEALTHY, runnable_jobs=runnable))
    (finding,) = (f for f in findings if f.level is FindingLevel.WARN)
    assert finding.params["schedule"] == "weekly.horoscope.publish" and finding.hint == "schedule_unrunnable"
    # Switched off, the usual "off although ready" stands; with its feature not ready, the idle finding does.
    switched_off = _doctor(runnable_jobs=runnable, schedule_switches={"weekly.horoscope.publish": False})
    assert switched_off == (FindingLevel.WARN, [(FindingLevel.WARN, "schedule_off")])
    idle = _doctor(runnable_jobs=runnable, stored_features={**ALL_ON, "horoscope": False})[1]
    assert (FindingLevel.WARN, "schedule_unrunnable") not in idle


def test_effects_given_up_are_a_warning_naming_their_kinds() -> None:
    level, problems = _doctor(undone_effects={"setup_test": 2, "pair_room": 1})
    assert (level, problems) == (FindingLevel.WARN, [(FindingLevel.WARN, "effects_undone")])
    finding = next(f for f in diagnose(msgspec.structs.replace(HEALTHY, undone_effects={"setup_test": 2}))
                   if f.code == "effects_undone")
    assert finding.params == {"count": 2, "kinds": (("setup_test", 2),)} and finding.hint == "effects_undone"


def test_a_schedule_fires_only_while_its_feature_is_ready() -> None:
    assert schedule_may_fire("weekly.raid.start", ALL_ON, CONFIGURED)
    assert not schedule_may_fire("weekly.raid.start", {**ALL_ON, "raid": False}, CONFIGURED)
    assert not schedule_may_fire("weekly.raid.start", ALL_ON, {**CONFIGURED, "raid_channel_id": None})
    assert schedule_may_fire("public.post.publish", {}, CONFIGURED)  # on by default
    assert schedule_may_fire("some.future.schedule", {}, {})  # no owner feature: nothing to gate on


def _snapshot(*channels: ChannelInfo) -> GuildSnapshot:
    by_id = {c.id: c for c in channels}
    return GuildSnapshot(guild_id="1", owner_id="2", bot_id="3", bot_role_ids=(), role_permissions={}, channels=by_id)


GUILD = _snapshot(
    ChannelInfo(id="10", type=4), *(ChannelInfo(id=str(i), type=0) for i in range(11, 16)), ChannelInfo(id="16", type=2)
)


def test_a_complete_draft_validates() -> None:
    assert validate_draft({**CONFIGURED, "timezone": "Europe/Berlin", "moderator_role_id": "7"}, GUILD,
                          frozenset({"7"})) == ()


def test_draft_validation_names_every_problem() -> None:
    draft = {
        **CONFIGURED,
        "pair_category_id": "11",  # a text channel, not a category
        "raid_channel_id": "99",  # deleted
        "hall_channel_id": "16",  # a voice channel
        "moderator_role_id": "8",  # deleted
        "timezone": "Mars/Olympus",
    }
    del draft["anon_inbox_channel_id"]
    assert validate_draft(draft, GUILD, frozenset({"7"})) == (
        DraftIssue(key="anon_inbox_channel_id", problem=DraftProblem.MISSING),
        DraftIssue(key="pair_category_id", problem=DraftProblem.NOT_CATEGORY),
        DraftIssue(key="raid_channel_id", problem=DraftProblem.CHANNEL_GONE),
        DraftIssue(key="hall_channel_id", problem=DraftProblem.NOT_TEXT),
        DraftIssue(key="moderator_role_id", problem=DraftProblem.ROLE_GONE),
        DraftIssue(key="timezone", problem=DraftProblem.BAD_TIMEZONE),
    )


def test_complete_saves_every_field_and_enables_what_is_ready() -> None:
    draft = {key: value for key, value in CONFIGURED.items() if key != "raid_channel_id"}
    plan = plan_complete(draft)
    assert set(plan.changes) == set(DRAFT_FIELDS)
    assert plan.changes["raid_channel_id"] is None and plan.changes["hall_channel_id"] == "13"
    assert Feature.RAID not in plan.enable_features
    assert set(plan.enable_features) == set(Feature) - {Feature.RAID}
    assert "weekly.raid.start" not in plan.enable_schedules
    assert {"monthly.hall.refresh", "public.post.publish", "weekly.horoscope.publish"} <= set(plan.enable_schedules)


def test_draft_from_settings_keeps_only_chosen_wizard_fields() -> None:
    assert draft_from_settings({**CONFIGURED, "locale": "en", "timezone": None, "moderator_role_id": ""}) == CONFIGURED


def test_panel_ids_round_trip_and_reject_strangers() -> None:
    owner = "1574393120924237826"
    for field in DRAFT_FIELDS:
        control = parse_setup_control(decode_custom_id(setup_pick_id(field, owner)))
        assert (control.action, control.field, control.owner_id) == (SetupAction.PICK, field, owner)
    for action in (SetupAction.COMPLETE, SetupAction.RESET, SetupAction.TEST):
        encoded = setup_button_id(action, owner)
        assert len(encoded) <= 100
        assert parse_setup_control(decode_custom_id(encoded)).action is action
    with pytest.raises(CustomIdError):
        parse_setup_control(decode_custom_id("t1:setup:explode:abc"))
    with pytest.raises(CustomIdError):
        parse_setup_control(decode_custom_id("t1:setup:pick:nope:abc"))
