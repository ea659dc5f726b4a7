"""Which guild feature owns each recurring schedule (DESIGN decision 2), and when a schedule may fire.

A schedule fires for a guild only when both its own switch (``/admin schedule``) is on and its owner feature
is ready (on and configured): switching a feature off stops its schedules without touching their switches.
"""

from __future__ import annotations

from collections.abc import Mapping

from features.kernel._features import Feature, FeatureStatus, evaluate_feature, feature_flags

#: Recurring schedule → the feature whose state gates it, in the seeds' order.
SCHEDULE_OWNERS: Mapping[str, Feature] = {
    "public.post.publish": Feature.PUBLIC_POST,
    "weekly.horoscope.publish": Feature.HOROSCOPE,
    "weekly.checkin.nudge": Feature.CHECKIN,
    "weekly.raid.start": Feature.RAID,
    "weekly.raid.end": Feature.RAID,
    "daily.raid.offers.generate": Feature.RAID,
    "raid.progress.refresh": Feature.RAID,
    "monthly.hall.refresh": Feature.HALL,
}


def schedules_of(features: set[Feature] | frozenset[Feature]) -> tuple[str, ...]:
    """The schedules owned by any of ``features``."""
    return tuple(name for name, owner in SCHEDULE_OWNERS.items() if owner in features)


def schedule_may_fire(
    schedule_name: str, stored_features: Mapping[str, object] | None, settings: Mapping[str, object]
) -> bool:
    """Whether ``schedule_name``'s owner feature is ready in a guild (a schedule without an owner always is)."""
    owner = SCHEDULE_OWNERS.get(schedule_name)
    if owner is None:
        return True
    state = evaluate_feature(owner, feature_flags(stored_features), settings)
    return state.status is FeatureStatus.READY
