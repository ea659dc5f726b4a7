"""The guild feature map: which features an admin turned on and whether their settings are in place.

Pure evaluation over the stored flags and settings (runtime.md §5.2, with DESIGN's feature names). A feature is
*disabled* (by an admin), *not configured* (enabled, but required settings are missing — named, so the reply
and ``/admin doctor`` can say which), or *ready*.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import msgspec

from together.errors import DomainError


class Feature(enum.StrEnum):
    """The guild features an admin switches with ``/admin feature set``."""

    HOROSCOPE = "horoscope"
    ANON = "anon"
    RAID = "raid"
    CHECKIN = "checkin"
    HALL = "hall"
    PUBLIC_POST = "public_post"


class FeatureStatus(enum.StrEnum):
    """Where a feature stands in a guild."""

    DISABLED = "disabled"
    NOT_CONFIGURED = "not_configured"
    READY = "ready"


#: Settings (``guild_settings`` columns) each feature needs before it can run.
FEATURE_REQUIREMENTS: Mapping[Feature, tuple[str, ...]] = {
    Feature.HOROSCOPE: ("horoscope_channel_id",),
    Feature.ANON: ("anon_inbox_channel_id",),
    Feature.RAID: ("raid_channel_id",),
    Feature.CHECKIN: ("public_post_channel_id",),
    Feature.HALL: ("hall_channel_id",),
    Feature.PUBLIC_POST: ("public_post_channel_id",),
}

#: A feature's flag when the stored map does not mention it: the public plumbing is on, the rest waits for setup.
DEFAULT_FEATURE_FLAGS: Mapping[Feature, bool] = {
    Feature.HOROSCOPE: False,
    Feature.ANON: False,
    Feature.RAID: False,
    Feature.CHECKIN: False,
    Feature.HALL: True,
    Feature.PUBLIC_POST: True,
}

#: Settings ``/setup`` asks for and ``/admin doctor`` checks, in display order.
SETUP_REQUIRED_KEYS: tuple[str, ...] = (
    "pair_category_id",
    "horoscope_channel_id",
    "raid_channel_id",
    "hall_channel_id",
    "public_post_channel_id",
    "anon_inbox_channel_id",
)


class FeatureState(msgspec.Struct, frozen=True, kw_only=True):
    """One feature's evaluated state; ``missing`` lists absent settings when the status is ``not_configured``."""

    feature: Feature
    status: FeatureStatus
    missing: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        """Whether an admin has the feature on (ready or not)."""
        return self.status is not FeatureStatus.DISABLED


class FeatureUnavailable(DomainError):
    """The feature cannot be used in this guild right now."""

    def __init__(self, state: FeatureState) -> None:
        self.state = state
        detail = f" (missing: {', '.join(state.missing)})" if state.missing else ""
        super().__init__(f"feature {state.feature.value} is {state.status.value}{detail}")


def feature_flags(stored: Mapping[str, object] | None) -> dict[Feature, bool]:
    """Return the effective on/off map from the stored JSON map; non-boolean or absent entries take defaults."""
    stored = stored or {}
    flags: dict[Feature, bool] = {}
    for feature in Feature:
        value = stored.get(feature.value)
        flags[feature] = value if isinstance(value, bool) else DEFAULT_FEATURE_FLAGS[feature]
    return flags


def missing_settings(settings: Mapping[str, object], keys: tuple[str, ...]) -> tuple[str, ...]:
    """Return the keys of ``keys`` whose value in ``settings`` is absent, ``None`` or blank."""
    return tuple(key for key in keys if settings.get(key) is None or str(settings.get(key)).strip() == "")


def evaluate_feature(
    feature: Feature, flags: Mapping[Feature, bool], settings: Mapping[str, object]
) -> FeatureState:
    """Evaluate one feature from the effective flags and the guild's settings."""
    if not flags.get(feature, DEFAULT_FEATURE_FLAGS[feature]):
        return FeatureState(feature=feature, status=FeatureStatus.DISABLED)
    missing = missing_settings(settings, FEATURE_REQUIREMENTS[feature])
    if missing:
        return FeatureState(feature=feature, status=FeatureStatus.NOT_CONFIGURED, missing=missing)
    return FeatureState(feature=feature, status=FeatureStatus.READY)


def evaluate_features(flags: Mapping[Feature, bool], settings: Mapping[str, object]) -> tuple[FeatureState, ...]:
    """Evaluate every feature, in the canonical order of :class:`Feature`."""
    return tuple(evaluate_feature(feature, flags, settings) for feature in Feature)


def ready_feature_state(
    feature: Feature, flags: Mapping[Feature, bool], settings: Mapping[str, object]
) -> FeatureState:
    """Return the ready state of ``feature`` or raise :class:`FeatureUnavailable` carrying the state."""
    state = evaluate_feature(feature, flags, settings)
    if state.status is not FeatureStatus.READY:
        raise FeatureUnavailable(state)
    return state


def features_to_enable(settings: Mapping[str, object]) -> tuple[Feature, ...]:
    """Return the features whose requirements ``settings`` satisfy: what setup's Complete switches on."""
    return tuple(feature for feature in Feature if not missing_settings(settings, FEATURE_REQUIREMENTS[feature]))
