"""``/admin``: status and doctor reports, feature and schedule switches, the guild's language.

Every subcommand is for administrators only (the Administrator permission; the moderator role is not enough);
anyone else gets a specific localized refusal and nothing is written. It stays available to administrators while
maintenance mode is on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import interactions

from features.admin._reports import doctor, status
from features.admin._switches import config_get, config_set, feature_all, feature_set, schedule
from features.kernel import (
    SCHEDULE_OWNERS,
    Feature,
    FeatureHost,
    ServiceHandler,
    bind,
    choice,
    string_option,
    subcommand,
)
from gateway.i18n import LOCALES, register_catalog

__all__ = ("install",)

# The feature's texts live beside it; registering them on import lets any code that renders its messages
# (the bot, a test, a benchmark) translate them.
register_catalog(Path(__file__).parent / "texts")


def install(host: FeatureHost) -> None:
    """Declare ``/admin`` and its subcommands."""
    features = [choice(f"feature.{feature.value}", feature.value) for feature in Feature]
    schedules = [choice(f"schedule.{name}", name) for name in SCHEDULE_OWNERS]
    setting = [choice("setting.locale", "locale")]
    languages = [choice(f"locale.{locale}", locale) for locale in LOCALES]
    def admin(sub: str, handle: ServiceHandler, *, action: str, **options: Any) -> interactions.SlashCommand:
        # Administrators keep /admin during maintenance (to check on the guild while members wait).
        callback = bind(host, handle, feature="admin", action=action, admins_in_maintenance=True)
        return subcommand("admin", sub, callback, admin_only=True, **options)

    commands = (
        admin("status", status, action="status"),
        admin("doctor", doctor, action="doctor"),
        admin(
            "set",
            feature_set,
            action="feature.set",
            group="feature",
            options=[
                string_option("admin.feature.set.option.name", features),
                string_option(
                    "admin.feature.set.option.value", [choice("common.enabled", "on"), choice("common.disabled", "off")]
                ),
            ],
        ),
        admin("enable-all", feature_all(enabled=True), action="feature.enable_all", group="feature"),
        admin("disable-all", feature_all(enabled=False), action="feature.disable_all", group="feature"),
        admin(
            "set",
            config_set,
            action="config.set",
            group="config",
            options=[
                string_option("admin.config.set.option.name", setting),
                string_option("admin.config.set.option.value", languages),
            ],
        ),
        admin(
            "get",
            config_get,
            action="config.get",
            group="config",
            options=[string_option("admin.config.get.option.name", setting)],
        ),
        admin(
            "schedule",
            schedule,
            action="schedule",
            options=[
                string_option("admin.schedule.option.name", schedules),
                string_option(
                    "admin.schedule.option.value", [choice("common.enabled", "on"), choice("common.disabled", "off")]
                ),
            ],
        ),
    )
    for command in commands:
        host.add_command(command)
