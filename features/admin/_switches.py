"""``/admin feature …``, ``/admin config … locale`` and ``/admin schedule``: the writes, each one transaction.

Every write is refused before anything is written when the member is not an administrator or an option is
outside its choices. After a write the process's settings cache drops its copy (other processes learn through
the ``guild_settings`` NOTIFY the write sent). A locale switch also asks for a refresh of every projection of
the guild, in the switch's transaction: the settings' version is part of every projection's version, so each
one renders again, in the new language.
"""

from __future__ import annotations

import logging

from features.admin._render import feature_state_text, on_off, schedule_name
from features.kernel import (
    SCHEDULE_OWNERS,
    Feature,
    ServiceHandler,
    Services,
    evaluate_feature,
    feature_flags,
    feature_name,
    guild_projection_keys,
    require_admin,
    set_guild_features,
    set_schedule_switches,
    settings_values,
    update_guild_settings,
)
from gateway import Interaction, Refusal, Responder
from gateway.i18n import LOCALES, Locale, default_translator
from gateway.projection import ProjectionRef, request_refresh

logger = logging.getLogger(__name__)

SWITCH_VALUES = ("on", "off")


def _switch_value(interaction: Interaction, locale: Locale) -> bool:
    """The ``value`` option as on (True) / off (False); anything else is refused."""
    value = interaction.str_option("value")
    if value not in SWITCH_VALUES:
        raise Refusal("error.invalid_option", locale=locale)
    return value == "on"


async def feature_set(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/admin feature set <name> <on|off>``."""
    settings = await require_admin(interaction, services)
    try:
        feature = Feature(interaction.str_option("name") or "")
    except ValueError:
        raise Refusal("error.invalid_option", locale=settings.locale) from None
    enabled = _switch_value(interaction, settings.locale)
    guild_id = settings.guild_id
    async with services.pool.acquire() as conn:
        stored = await set_guild_features(conn, guild_id, {feature.value: enabled})
    services.guilds.invalidate(guild_id)
    tr = default_translator()
    state = evaluate_feature(feature, feature_flags(stored.features), settings_values(stored))
    text = tr.text(
        stored.locale,
        "admin.reply.feature_set",
        feature=feature_name(feature.value, locale=stored.locale, tr=tr),
        state=feature_state_text(state, locale=stored.locale, tr=tr),
    )
    await responder.reply(text)


def feature_all(*, enabled: bool) -> ServiceHandler:
    """``/admin feature enable-all`` (``enabled``) or ``disable-all``."""

    async def switch_all(services: Services, interaction: Interaction, responder: Responder) -> None:
        settings = await require_admin(interaction, services)
        guild_id = settings.guild_id
        async with services.pool.acquire() as conn:
            stored = await set_guild_features(conn, guild_id, {feature.value: enabled for feature in Feature})
        services.guilds.invalidate(guild_id)
        tr = default_translator()
        locale = stored.locale
        values = settings_values(stored)
        lines = [tr.text(locale, "admin.reply.all_enabled" if enabled else "admin.reply.all_disabled"), ""]
        for feature in Feature:
            state = evaluate_feature(feature, feature_flags(stored.features), values)
            name = feature_name(feature.value, locale=locale, tr=tr)
            lines.append(f"- {name}: {feature_state_text(state, locale=locale, tr=tr)}")
        await responder.reply("\n".join(lines))

    return switch_all


def _language(locale: Locale) -> str:
    return default_translator().text(locale, f"locale.{locale}")


async def config_set(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/admin config set locale <ru|en>``: switch the guild's language and re-render its projections."""
    settings = await require_admin(interaction, services)
    value = interaction.str_option("value") or ""
    if interaction.str_option("name") != "locale" or value not in LOCALES:
        raise Refusal("error.invalid_option", locale=settings.locale)
    guild_id = settings.guild_id
    async with services.pool.acquire() as conn, conn.transaction():
        stored = await update_guild_settings(conn, guild_id, {"locale": value})
        refs = _projections(services, await guild_projection_keys(conn, guild_id))
        await request_refresh(conn, refs, reason="locale")
    services.guilds.invalidate(guild_id)
    logger.info("locale switched; %d projection(s) asked to re-render", len(refs))
    locale = stored.locale
    await responder.reply(default_translator().text(locale, "admin.reply.locale_updated", language=_language(locale)))


def _projections(services: Services, keys: list[str]) -> list[ProjectionRef]:
    """The guild's stored projections whose kinds this process knows."""
    return [ref for ref in map(services.projections.ref, keys) if ref is not None]


async def config_get(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/admin config get locale``."""
    settings = await require_admin(interaction, services)
    if interaction.str_option("name") != "locale":
        raise Refusal("error.invalid_option", locale=settings.locale)
    locale = settings.locale
    await responder.reply(default_translator().text(locale, "admin.reply.locale_current", language=_language(locale)))


async def schedule(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/admin schedule <name> <on|off>``: one guild's schedule, nobody else's."""
    settings = await require_admin(interaction, services)
    name = interaction.str_option("name") or ""
    if name not in SCHEDULE_OWNERS:
        raise Refusal("error.invalid_option", locale=settings.locale)
    enabled = _switch_value(interaction, settings.locale)
    async with services.pool.acquire() as conn:
        await set_schedule_switches(conn, settings.guild_id, [name], enabled)
    tr = default_translator()
    locale = settings.locale
    text = tr.text(
        locale,
        "admin.reply.schedule_toggled",
        schedule=f"`{name}` ({schedule_name(name, locale=locale, tr=tr)})",
        state=on_off(enabled, locale=locale, tr=tr),
    )
    await responder.reply(text)
