"""The language a feature answers in: the guild's configured locale (``/admin config set locale``)."""

from __future__ import annotations

from typing import Any

from gateway._host import Services
from gateway.i18n import DEFAULT_LOCALE, Locale, normalize_locale


async def interaction_locale(services: Services, ctx: Any) -> Locale:
    """The guild's configured locale inside a guild; the member's Discord locale elsewhere."""
    if ctx.guild_id is None:
        return normalize_locale(ctx.locale) or DEFAULT_LOCALE
    settings = await services.guilds.get(str(ctx.guild_id))
    return settings.locale
