"""The "admin or moderator" guard of moderating commands (``/pair create``, ``/duel …``).

One small function so it can be swapped for the shared access guard when that lands: it applies
:func:`gateway.domain.check_admin_or_moderator` to the interaction member and the guild's moderator role, and
answers a refusal itself (localized, ephemeral, nothing written).
"""

from __future__ import annotations

from typing import Any

from gateway._host import Services
from gateway._reply import reply
from gateway.domain import Access, check_admin_or_moderator, parse_permissions
from gateway.domain.render import access_denied_text
from gateway.i18n import Locale, default_translator


async def refuse_unless_moderator(ctx: Any, services: Services, locale: Locale) -> bool:
    """Return True when the member may moderate; otherwise reply why not and return False."""
    settings = await services.guilds.get(str(ctx.guild_id))
    member_roles = [str(role) for role in getattr(ctx.author, "_role_ids", ())]
    access = check_admin_or_moderator(
        parse_permissions(int(ctx.author_permissions)), member_roles, settings.moderator_role_id
    )
    if access is Access.ALLOWED:
        return True
    await reply(ctx, access_denied_text(access, locale=locale, tr=default_translator()))
    return False
