"""Texts of the expected refusals: feature unavailable, access denied (features.md §0.7, DESIGN decision 5)."""

from __future__ import annotations

from collections.abc import Iterable

from features.kernel._features import FeatureState, FeatureStatus
from features.kernel._permissions import Access, Permission
from gateway.i18n import Locale, Translator


def feature_name(feature: str, *, locale: Locale, tr: Translator) -> str:
    """The display name of a guild feature."""
    return tr.text(locale, f"feature.{feature}")


def setting_name(key: str, *, locale: Locale, tr: Translator) -> str:
    """The display name of a guild setting (``raid_channel_id`` → "raid channel")."""
    return tr.text(locale, f"setting.{key}")


def feature_unavailable_text(state: FeatureState, *, locale: Locale, tr: Translator) -> str:
    """The reply when a feature is off or not configured; the latter names every missing setting."""
    name = feature_name(state.feature.value, locale=locale, tr=tr)
    if state.status is FeatureStatus.DISABLED:
        return tr.text(locale, "error.feature_disabled", feature=name)
    if state.status is FeatureStatus.NOT_CONFIGURED:
        missing = ", ".join(setting_name(key, locale=locale, tr=tr) for key in state.missing)
        return tr.text(locale, "error.feature_not_configured", feature=name, missing=missing)
    raise ValueError("the feature is ready")


def access_denied_text(access: Access, *, locale: Locale, tr: Translator) -> str:
    """The reply when a permission rule refused: admin required, or the moderator role required."""
    if access is Access.ADMIN_REQUIRED:
        return tr.text(locale, "error.admin_required")
    if access is Access.MODERATOR_REQUIRED:
        return tr.text(locale, "error.moderator_required")
    raise ValueError("access was allowed")


def permission_names(missing: Iterable[Permission], *, locale: Locale, tr: Translator) -> str:
    """Comma-separated display names of permission bits (``Permission.MANAGE_CHANNELS`` → "Manage Channels")."""
    names = []
    for bit in missing:
        name = (bit.name or str(int(bit))).lower()
        key = f"permission.{name}"
        names.append(tr.text(locale, key) if key in tr.keys(locale) else name)
    return ", ".join(names)
