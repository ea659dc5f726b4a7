"""``/admin``: status and doctor reports, feature and schedule switches, the guild's language.

Every subcommand is for administrators only (the Administrator permission; the moderator role is not enough);
anyone else gets a specific localized refusal and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import interactions

from features.admin._reports import doctor_handler, status_handler
from features.admin._switches import (
    config_get_handler,
    config_set_handler,
    feature_all_handler,
    feature_set_handler,
    schedule_handler,
)
from features.kernel import SCHEDULE_OWNERS, Feature, FeatureHost, choice, string_option, subcommand
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
    def admin(sub: str, callback: Any, **options: Any) -> interactions.SlashCommand:
        return subcommand("admin", sub, callback, admin_only=True, **options)

    commands = (
        admin("status", status_handler(host)),
        admin("doctor", doctor_handler(host)),
        admin(
            "set",
            feature_set_handler(host),
            group="feature",
            options=[
                string_option("admin.feature.set.option.name", features),
                string_option(
                    "admin.feature.set.option.value", [choice("common.enabled", "on"), choice("common.disabled", "off")]
                ),
            ],
        ),
        admin("enable-all", feature_all_handler(host, enabled=True), group="feature"),
        admin("disable-all", feature_all_handler(host, enabled=False), group="feature"),
        admin(
            "set",
            config_set_handler(host),
            group="config",
            options=[
                string_option("admin.config.set.option.name", setting),
                string_option("admin.config.set.option.value", languages),
            ],
        ),
        admin(
            "get",
            config_get_handler(host),
            group="config",
            options=[string_option("admin.config.get.option.name", setting)],
        ),
        admin(
            "schedule",
            schedule_handler(host),
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
