"""The shared guards every feature's handlers call first: guild only, admin, admin-or-moderator, feature ready,
right channel, a well-formed custom id, and the language to answer in. Each returns what the handler needs (the
guild's configuration, its locale, the parsed custom id) or raises a :class:`~gateway.Refusal` that the
interaction wrapper answers with a localized ephemeral reply (in the guild's configured language), so a refused
request writes nothing and never shows the generic apology.

Usage in a handler ``async def handle(services, interaction, responder)``::

    settings = await require_admin_or_moderator(interaction, services)
    settings = await require_feature(interaction, services, Feature.RAID)
    locale = await require_guild_locale(interaction, services)
    ref = require_custom_id(interaction, parse_duel_id, locale=locale)

The member's permissions and roles are read from the interaction itself (Discord computes ``permissions`` for
the channel the interaction came from), never from a cache. "Moderator" means the guild's one configured
``moderator_role_id``; with none configured only administrators pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from features.kernel._custom_id import CustomId, decode_custom_id
from features.kernel._errors import CustomIdError
from features.kernel._features import Feature, FeatureState, FeatureStatus, evaluate_feature, feature_flags
from features.kernel._guild_settings import GuildSettings
from features.kernel._host import Services
from features.kernel._permissions import Access, Permission, check_admin, check_admin_or_moderator
from features.kernel._render_errors import feature_unavailable_text
from gateway import Interaction, Refusal
from gateway.i18n import Locale, Translator

T = TypeVar("T")


class FeatureRefusal(Refusal):
    """The feature is off, or on but missing settings (which the reply names)."""

    def __init__(self, state: FeatureState, *, locale: Locale) -> None:
        super().__init__(f"error.feature_{state.status.value}", locale=locale)
        self.state = state

    def text(self, locale: Locale, tr: Translator) -> str:
        return feature_unavailable_text(self.state, locale=locale, tr=tr)


def member_permissions(interaction: Interaction) -> Permission:
    """The invoking member's permissions in the interaction's channel, as Discord computed them."""
    return Permission(interaction.author_permissions)


def has_role(interaction: Interaction, role_id: str | None) -> bool:
    """Whether the invoking member has the role ``role_id`` (from the interaction's member object)."""
    return role_id is not None and role_id in interaction.author_role_ids


async def require_guild(interaction: Interaction, services: Services) -> GuildSettings:
    """The guild's configuration; refuses an interaction from a DM."""
    if interaction.guild_id is None:
        raise Refusal("error.guild_only")
    return await services.guilds.get(interaction.guild_id)


async def require_guild_locale(interaction: Interaction, services: Services) -> Locale:
    """The guild's configured locale, for handlers that need no other setting; refuses a DM."""
    return (await require_guild(interaction, services)).locale


def require_custom_id(interaction: Interaction, parse: Callable[[CustomId], T], *, locale: Locale) -> T:
    """The interaction's custom id decoded and read by ``parse`` (a :mod:`gateway.domain` ``parse_*_id``);
    a malformed or forged one is refused as an unknown action."""
    try:
        return parse(decode_custom_id(interaction.custom_id or ""))
    except CustomIdError:
        raise Refusal("error.unknown_action", locale=locale) from None


async def require_admin(interaction: Interaction, services: Services) -> GuildSettings:
    """Refuse unless the member has the Administrator permission (the moderator role is not enough)."""
    settings = await require_guild(interaction, services)
    access = check_admin(member_permissions(interaction))
    if access is not Access.ALLOWED:
        raise Refusal(f"error.{access.value}", locale=settings.locale)
    return settings


async def require_admin_or_moderator(interaction: Interaction, services: Services) -> GuildSettings:
    """Refuse unless the member is an administrator or has the guild's configured moderator role."""
    settings = await require_guild(interaction, services)
    moderator = settings.moderator_role_id
    roles = (moderator,) if moderator is not None and has_role(interaction, moderator) else ()
    access = check_admin_or_moderator(member_permissions(interaction), roles, moderator)
    if access is not Access.ALLOWED:
        raise Refusal(f"error.{access.value}", locale=settings.locale)
    return settings


async def require_feature(interaction: Interaction, services: Services, feature: Feature) -> GuildSettings:
    """Refuse unless ``feature`` is on and configured in the guild (the reply names what is missing)."""
    settings = await require_guild(interaction, services)
    values = settings_values(settings)
    state = evaluate_feature(feature, feature_flags(settings.features), values)
    if state.status is not FeatureStatus.READY:
        raise FeatureRefusal(state, locale=settings.locale)
    return settings


def require_channel(interaction: Interaction, settings: GuildSettings, channel_id: str | None) -> None:
    """Refuse unless the interaction comes from ``channel_id`` (the reply points to it)."""
    if channel_id is not None and interaction.channel_id != channel_id:
        raise Refusal("error.wrong_channel", locale=settings.locale, channel=f"<#{channel_id}>")


def settings_values(settings: GuildSettings) -> dict[str, object]:
    """The configuration as the ``{column: value}`` map the domain rules read."""
    values: dict[str, object] = {
        key: getattr(settings, key) for key in settings.__struct_fields__ if key not in ("features", "version")
    }
    return values
