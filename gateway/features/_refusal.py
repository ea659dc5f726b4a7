"""Expected refusals (not in a pair room, not your draft, outdated button...): a localized ephemeral reply
that writes nothing. One helper, so a shared refusal mechanism can replace it in one place."""

from __future__ import annotations

from typing import Any

from gateway._reply import reply
from gateway.i18n import Locale, default_translator


async def refuse(ctx: Any, locale: Locale, key: str, **params: object) -> None:
    """Tell the member, in ``locale``, why nothing happened."""
    await reply(ctx, default_translator().text(locale, key, **params))
