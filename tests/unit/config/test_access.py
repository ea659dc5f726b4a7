"""The shared access guards: who may act, in which language the refusal comes, what it says."""

from __future__ import annotations

from typing import Any

import pytest

from features.kernel._access import (
    FeatureRefusal,
    require_admin,
    require_admin_or_moderator,
    require_channel,
    require_feature,
)
from features.kernel._features import Feature
from features.kernel._guild_settings import GuildSettings
from features.kernel._host import Services
from features.kernel._permissions import Permission
from features.kernel.testing import unit_services
from gateway import Interaction
from gateway._refusal import Refusal
from gateway.i18n import default_translator
from gateway.testing import interaction

pytestmark = pytest.mark.anyio

GUILD, MOD_ROLE = "100", "200"
TR = default_translator()


NO_PERMISSIONS = Permission(0)


def _member(
    permissions: Permission = NO_PERMISSIONS, roles: set[str] | None = None, guild: str | None = GUILD
) -> Interaction:
    return interaction(
        guild_id=guild, channel_id="300", author_permissions=int(permissions), author_role_ids=roles or set()
    )


def _services(**settings: Any) -> Services:
    return unit_services(GuildSettings(guild_id=GUILD, **settings))


async def test_admin_only_refuses_moderators_in_the_guild_language() -> None:
    services = _services(locale="en", moderator_role_id=MOD_ROLE)
    assert (await require_admin(_member(Permission.ADMINISTRATOR), services)).locale == "en"
    with pytest.raises(Refusal) as refused:
        await require_admin(_member(roles={MOD_ROLE}), services)
    assert (refused.value.key, refused.value.locale) == ("error.admin_required", "en")
    with pytest.raises(Refusal) as dm:
        await require_admin(_member(Permission.ADMINISTRATOR, guild=None), services)
    assert dm.value.key == "error.guild_only"


async def test_admin_or_moderator_uses_the_one_configured_role() -> None:
    services = _services(moderator_role_id=MOD_ROLE)
    await require_admin_or_moderator(_member(roles={MOD_ROLE}), services)
    await require_admin_or_moderator(_member(Permission.ADMINISTRATOR), services)
    with pytest.raises(Refusal) as refused:
        await require_admin_or_moderator(_member(roles={"999"}), services)
    assert refused.value.key == "error.moderator_required"
    with pytest.raises(Refusal) as no_role:  # nobody can have a role that is not configured
        await require_admin_or_moderator(_member(roles={MOD_ROLE}), _services())
    assert no_role.value.key == "error.admin_required"


async def test_feature_refusals_say_off_or_name_what_is_missing() -> None:
    with pytest.raises(FeatureRefusal) as off:
        await require_feature(_member(), _services(features={"raid": False}), Feature.RAID)
    assert off.value.text("ru", TR) == TR.text("ru", "error.feature_disabled", feature=TR.text("ru", "feature.raid"))
    with pytest.raises(FeatureRefusal) as unset:
        await require_feature(_member(), _services(features={"raid": True}), Feature.RAID)
    assert unset.value.text("en", TR) == TR.text(
        "en", "error.feature_not_configured", feature="Raid", missing=TR.text("en", "setting.raid_channel_id")
    )
    ready = _services(features={"raid": True}, raid_channel_id="5")
    assert (await require_feature(_member(), ready, Feature.RAID)).raid_channel_id == "5"


def test_wrong_channel_points_to_the_right_one() -> None:
    settings = GuildSettings(guild_id=GUILD, locale="en")
    require_channel(_member(), settings, "300")
    with pytest.raises(Refusal) as refused:
        require_channel(_member(), settings, "301")
    assert refused.value.text("en", TR) == TR.text("en", "error.wrong_channel", channel="<#301>")
