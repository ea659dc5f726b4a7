"""Small pieces every feature handler needs: the guild's locale, a modal response, job payload fields."""

from __future__ import annotations

import uuid
from typing import Any

from gateway._host import Services
from gateway.domain.render import Modal
from gateway.i18n import Locale
from telemetry import current_log_fields

MODAL_RESPONSE = 9


async def guild_locale(services: Services, guild_id: object) -> Locale:
    """The language of everything the bot says in this guild (the guild setting wins over Discord's)."""
    return (await services.guilds.get(str(guild_id))).locale


async def open_modal(ctx: Any, modal: Modal) -> None:
    """Answer the interaction with ``modal`` in one REST call (type 9; it must be the first response)."""
    await ctx.client.http.post_initial_response(
        {"type": MODAL_RESPONSE, "data": modal.to_payload()}, str(ctx.id), ctx.token
    )
    ctx.responded = True


def job_fields(*, guild_id: str, feature: str, action: str) -> dict[str, Any]:
    """The correlation fields of a job payload: this interaction's (or job's) ids, the job's feature/action.

    The correlation id travels on, so one interaction can be followed through every job it caused.
    """
    bound = current_log_fields()
    return {
        "correlation_id": bound.get("correlation_id") or uuid.uuid4().hex,
        "interaction_id": bound.get("interaction_id"),
        "user_id": bound.get("user_id"),
        "guild_id": guild_id,
        "feature": feature,
        "action": action,
    }
