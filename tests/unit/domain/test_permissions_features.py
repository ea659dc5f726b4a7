"""Permission bits, the admin / admin-or-moderator rules and the guild feature map."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from features.kernel._features import (
    DEFAULT_FEATURE_FLAGS,
    Feature,
    FeatureStatus,
    FeatureUnavailable,
    evaluate_feature,
    evaluate_features,
    feature_flags,
    features_to_enable,
    ready_feature_state,
)
from features.kernel._permissions import (
    Access,
    Permission,
    check_admin,
    check_admin_or_moderator,
    format_permissions,
    has_all,
    missing_permissions,
    parse_permissions,
)

P = Permission


def test_parse_and_format_permissions() -> None:
    assert parse_permissions("8") == P.ADMINISTRATOR
    assert parse_permissions(str(1 << 10 | 1 << 11)) == P.VIEW_CHANNEL | P.SEND_MESSAGES
    assert format_permissions(P.VIEW_CHANNEL | P.SEND_MESSAGES) == "3072"
    unknown = parse_permissions(str(1 << 40))  # a bit we do not name survives
    assert int(unknown) == 1 << 40
    with pytest.raises(ValueError):
        parse_permissions("-1")
    with pytest.raises(ValueError):
        parse_permissions("abc")


def test_missing_permissions_lists_single_bits() -> None:
    granted = P.VIEW_CHANNEL
    required = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.MANAGE_CHANNELS
    assert missing_permissions(granted, required) == (P.MANAGE_CHANNELS, P.SEND_MESSAGES)
    assert not has_all(granted, required)
    assert has_all(granted | P.SEND_MESSAGES | P.MANAGE_CHANNELS, required)
    assert missing_permissions(P.ADMINISTRATOR, required) == ()
    assert has_all(P.ADMINISTRATOR, required)


def test_admin_rule() -> None:
    assert check_admin(P.ADMINISTRATOR | P.VIEW_CHANNEL) is Access.ALLOWED
    assert check_admin(P.MANAGE_GUILD) is Access.ADMIN_REQUIRED


@pytest.mark.parametrize(
    ("granted", "roles", "moderator", "expected"),
    [
        (P.ADMINISTRATOR, [], None, Access.ALLOWED),
        (P.ADMINISTRATOR, [], "5", Access.ALLOWED),
        (P.VIEW_CHANNEL, ["5", "6"], "5", Access.ALLOWED),
        (P.VIEW_CHANNEL, [5], "5", Access.ALLOWED),
        (P.VIEW_CHANNEL, ["6"], 5, Access.MODERATOR_REQUIRED),
        (P.VIEW_CHANNEL, ["6"], None, Access.ADMIN_REQUIRED),
        (P.VIEW_CHANNEL, ["6"], "", Access.ADMIN_REQUIRED),
        (P.MANAGE_GUILD | P.MANAGE_ROLES, [], "5", Access.MODERATOR_REQUIRED),
    ],
)
def test_admin_or_moderator(granted: Permission, roles: list[str], moderator: str | None, expected: Access) -> None:
    assert check_admin_or_moderator(granted, roles, moderator) is expected


@given(st.integers(min_value=0, max_value=2**53 - 1), st.lists(st.integers(1, 10**19)), st.integers(1, 10**19))
def test_admin_always_passes_and_role_holders_pass(bits: int, roles: list[int], moderator: int) -> None:
    granted = parse_permissions(bits)
    result = check_admin_or_moderator(granted, roles, moderator)
    if granted & P.ADMINISTRATOR or moderator in roles:
        assert result is Access.ALLOWED
    else:
        assert result is Access.MODERATOR_REQUIRED


def test_feature_flags_defaults_and_garbage() -> None:
    assert feature_flags(None) == DEFAULT_FEATURE_FLAGS
    flags = feature_flags({"raid": True, "hall": "yes", "oracle": True})
    assert flags[Feature.RAID] is True
    assert flags[Feature.HALL] is DEFAULT_FEATURE_FLAGS[Feature.HALL]
    assert set(flags) == set(Feature)


def test_feature_states() -> None:
    flags = feature_flags({"raid": True, "anon": False, "horoscope": True, "checkin": True})
    settings = {"raid_channel_id": "1", "horoscope_channel_id": "  ", "public_post_channel_id": None}
    states = {s.feature: s for s in evaluate_features(flags, settings)}
    assert states[Feature.RAID].status is FeatureStatus.READY
    assert states[Feature.ANON].status is FeatureStatus.DISABLED and not states[Feature.ANON].enabled
    assert states[Feature.HOROSCOPE].status is FeatureStatus.NOT_CONFIGURED
    assert states[Feature.HOROSCOPE].missing == ("horoscope_channel_id",)
    assert states[Feature.CHECKIN].missing == ("public_post_channel_id",)
    assert states[Feature.HOROSCOPE].enabled
    assert [s.feature for s in evaluate_features(flags, settings)] == list(Feature)


def test_ready_feature_state_raises_with_the_state() -> None:
    flags = feature_flags({"raid": True})
    assert ready_feature_state(Feature.RAID, flags, {"raid_channel_id": "9"}).status is FeatureStatus.READY
    with pytest.raises(FeatureUnavailable) as info:
        ready_feature_state(Feature.RAID, flags, {})
    assert info.value.state.missing == ("raid_channel_id",)
    assert "raid_channel_id" in str(info.value)
    with pytest.raises(FeatureUnavailable) as info:
        ready_feature_state(Feature.ANON, flags, {"anon_inbox_channel_id": "3"})
    assert info.value.state.status is FeatureStatus.DISABLED
    assert evaluate_feature(Feature.ANON, {}, {"anon_inbox_channel_id": "3"}).status is FeatureStatus.DISABLED


def test_features_to_enable_after_setup() -> None:
    settings = {"public_post_channel_id": "1", "hall_channel_id": "2"}
    assert features_to_enable(settings) == (Feature.CHECKIN, Feature.HALL, Feature.PUBLIC_POST)
