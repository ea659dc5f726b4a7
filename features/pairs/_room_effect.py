"""The pair room as an effect (kind ``pair_room``): the private channel ``/pair create`` decides on, created once.

``/pair create`` records the intent (the channel to create, the two members) in the transaction that decides
the pair, so a crash anywhere after it leaves a pending effect, never an orphan channel nor a pair without one.
Performing it *looks up* the guild's channels first: the channel an earlier attempt created (the process died
between the call and its commit) carries the effect's nonce at the end of its topic and is taken as the room
instead of creating a second. The pair row is written (a new pair, or a pair moved out of its deleted room) in
the transaction that marks the effect sent, so the pair exists exactly when its room does.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Final

import msgspec

from features.kernel import (
    PAIR_HOME,
    Effect,
    EffectFinish,
    EffectKind,
    GuildSettings,
    PairCreated,
    Services,
    insert_pair,
    move_pair_room,
    ordered_members,
    pair_of_members,
    record_effect,
)
from gateway import ChannelSpec
from gateway.projection import ProjectionRef, request_refresh
from store import Connection

logger = logging.getLogger(__name__)

#: The effect kind of a pair's private room.
PAIR_ROOM_EFFECT: Final = "pair_room"
#: Discord's limit on a text channel's topic.
_TOPIC_LIMIT: Final = 1024
#: Discord's text channel type.
_TEXT_CHANNEL: Final = 0


def room_key(guild_id: str, first: str, second: str, gone_room: str | None) -> str:
    """The idempotency key of making a room for these two members: one per pair while it has none yet, and one
    per deleted room it replaces. Two moderators deciding the same room share the effect; a retry after a
    failure queues the same effect again (same nonce, so a channel an earlier attempt made is found)."""
    low, high = ordered_members(first, second)
    return f"pair-room:{guild_id}:{low}:{high}:{gone_room or 'new'}"


def room_marker(nonce: str) -> str:
    """What ends the topic of a room this effect created: how a later attempt recognises it."""
    return f" · {nonce}"


def marked_topic(topic: str | None, nonce: str) -> str:
    """The room's topic with the effect's marker at its end (the words shortened if the whole is too long)."""
    marker = room_marker(nonce)
    return (topic or "")[: _TOPIC_LIMIT - len(marker)] + marker


def find_marked_room(channels: Sequence[dict[str, Any]], nonce: str) -> str | None:
    """The id of the text channel among ``channels`` (a guild's listing) that an attempt of this effect created."""
    marker = room_marker(nonce)
    for channel in channels:
        topic = channel.get("topic")
        if channel.get("type") == _TEXT_CHANNEL and isinstance(topic, str) and topic.endswith(marker):
            return str(channel["id"])
    return None


def room_payload(spec: ChannelSpec) -> dict[str, Any]:
    """The effect's payload: the channel to create, as JSON."""
    return {"spec": msgspec.to_builtins(spec)}


def room_spec(effect: Effect) -> ChannelSpec:
    """The channel to create for ``effect``, its topic marked with the effect's nonce."""
    spec = msgspec.convert(effect.payload["spec"], ChannelSpec)
    return msgspec.structs.replace(spec, topic=marked_topic(spec.topic, effect.nonce))


async def record_pair_room(
    conn: Connection, services: Services, *, guild_id: str, members: tuple[str, str], spec: ChannelSpec,
    gone_room: str | None,
) -> Effect:
    """Record the room to create (call under the members' creation lock, in the transaction that decides the
    pair): a new effect, or the one another moderator's request (or an earlier try) recorded for this room."""
    first, second = members
    recorded = await record_effect(
        conn, guild_id=guild_id, kind=PAIR_ROOM_EFFECT, channel_id=guild_id, payload=room_payload(spec),
        key=room_key(guild_id, first, second, gone_room), context={"members": [first, second]},
        backstop_after=services.effects.lease_seconds,
    )
    return recorded.effect


async def _make_room(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    """The room an earlier attempt created, or a new one."""
    listing = await services.rest.get_guild_channels(effect.guild_id)
    found = find_marked_room(listing, effect.nonce)
    if found is not None:
        logger.info("pair room found from an earlier attempt", extra={"channel_id": found})
        return {"channel_id": found}
    channel = await services.rest.create_channel(effect.guild_id, room_spec(effect))
    return {"channel_id": str(channel["id"])}


def _finish(listeners: Sequence[PairCreated]) -> EffectFinish:
    async def finish(conn: Connection, effect: Effect, result: dict[str, Any]) -> None:
        """Store the pair in its room; the pair already stored (its room was deleted) moves to the new one.

        No creation lock here: the handler takes it before it touches this effect's row, and this transaction
        holds the row, so taking it would order the two the other way round. Each room decision has its own
        effect (:func:`room_key`), so no other finish writes this pair meanwhile.
        """
        first, second = (str(member) for member in effect.context["members"])
        guild_id, channel_id = effect.guild_id, str(result["channel_id"])
        existing = await pair_of_members(conn, guild_id, first, second)
        if existing is not None:
            moved = await move_pair_room(conn, existing.id, channel_id)
            await request_refresh(conn, [PAIR_HOME.ref(guild_id, moved.id)], reason="pair_room_recreated")
            return
        pair = await insert_pair(conn, guild_id=guild_id, member1=first, member2=second, channel_id=channel_id)
        changed: list[ProjectionRef] = [PAIR_HOME.ref(guild_id, pair.id)]
        for listener in listeners:
            changed.extend(await listener(conn, pair))
        await request_refresh(conn, changed, reason="pair_created")

    return finish


async def _gave_up(conn: Connection, effect: Effect) -> None:
    """Nothing half-made waits: the pair row is only written with its room, and a pair whose old room is gone
    stays as it was. The moderator is told the room could not be made, and ``/pair create`` again queues this
    same effect (same nonce), which adopts a channel an earlier attempt may have left instead of making
    another."""
    logger.warning(
        "pair room not created; /pair create again retries it",
        extra={"effect_id": str(effect.id), "error": effect.last_error},
    )


def pair_room_kind(listeners: Sequence[PairCreated]) -> EffectKind:
    """The ``pair_room`` effect kind; ``listeners`` run in the transaction that stores a new pair."""
    return EffectKind(name=PAIR_ROOM_EFFECT, perform=_make_room, finish=_finish(listeners), gave_up=_gave_up)
