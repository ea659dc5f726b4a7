"""Public posts: effects of a kind declared with ``host.add_post_kind``, worded when they are sent.

A post kind's words are rendered from the effect's payload in the guild's language of the moment it is sent,
and only while the ``public_post`` feature is on (otherwise the post waits, pending, for the next sweep after an
admin switches it back on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from features.kernel._effect_runner import EffectKind, post_message
from features.kernel._effects import Effect, Recorded, record_effect
from features.kernel._features import Feature
from store import Connection

if TYPE_CHECKING:
    from features.kernel._guild_settings import GuildSettings
    from features.kernel._host import Services

#: Words a post of one kind for its guild when it is sent (``host.add_post_kind``).
PostRenderer = Callable[[Effect, "GuildSettings"], str]


def post_kind(kind: str, render: PostRenderer) -> EffectKind:
    """The effect kind of public posts worded by ``render``."""

    async def perform(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
        return await post_message(services, effect, effect.channel_id, {"content": render(effect, settings)})

    return EffectKind(name=kind, perform=perform, feature=Feature.PUBLIC_POST)


async def produce_post(
    conn: Connection, *, guild_id: str, kind: str, channel_id: str, payload: dict[str, Any], key: str
) -> Recorded:
    """Queue a public post once per ``key`` (its job sends it now); a repeat returns the existing post with
    ``queued`` false, and a failed one is queued again."""
    return await record_effect(conn, guild_id=guild_id, kind=kind, channel_id=channel_id, payload=payload, key=key)
