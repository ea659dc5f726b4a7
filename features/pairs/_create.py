"""``/pair create member1 member2`` and ``/pair room``.

The room is an effect (:mod:`features.pairs._room_effect`): deciding it runs under a transaction-scoped lock on
the two members (:func:`features.kernel.lock_pair_creation`) that records the room to create, and the handler
performs it right after the commit, so the moderator sees the room in the reply. A second moderator creating
the same pair at the same moment waits for the lock, then shares the first one's effect (or finds its pair):
one room. The pair row is written with its room when the effect is done, so a crash leaves neither an orphan
channel nor a pair without a room: the effects job finishes what the dead process started. A pair whose room
was deleted in the client gets a new room the same way and keeps its history; its panel follows it there.
"""

from __future__ import annotations

import logging

from features.kernel import (
    PAIR_HOME,
    Effect,
    GuildSettings,
    Pair,
    Services,
    lock_pair_creation,
    pair_of_members,
    pairs_of_member,
    permission_names,
    require_admin_or_moderator,
    require_guild,
    rooms_text,
    setting_name,
)
from features.pairs._room import check_pair_category, pair_room_overwrites, room_exists
from features.pairs._room_effect import record_pair_room
from features.pairs._rules import pair_room_name
from gateway import ChannelSpec, Interaction, Refusal, ResolvedUser, Responder
from gateway.i18n import Locale, default_translator
from gateway.projection import request_refresh

logger = logging.getLogger(__name__)


def _members(interaction: Interaction, locale: Locale) -> tuple[ResolvedUser, ResolvedUser]:
    """The two named people, refused when they cannot form a pair: not in the server, a bot, or the same
    person twice."""
    member1, member2 = interaction.user_option("member1"), interaction.user_option("member2")
    if member1 is None or member2 is None:
        raise Refusal("error.invalid_option", locale=locale)
    for member in (member1, member2):
        if not member.member:
            raise Refusal("pair.reply.not_member", locale=locale, user=f"<@{member.id}>")
        if member.bot:
            raise Refusal("pair.reply.bot_member", locale=locale)
    if member1.id == member2.id:
        raise Refusal("pair.reply.same_member", locale=locale)
    return member1, member2


def _pair_category(interaction: Interaction, settings: GuildSettings) -> str:
    """The configured pair category, if the bot can create rooms in it; otherwise refuse saying precisely why."""
    locale, tr = settings.locale, default_translator()
    category_id = settings.pair_category_id
    if category_id is None:
        missing = setting_name("pair_category_id", locale=locale, tr=tr)
        raise Refusal("error.not_configured", locale=locale, missing=missing)
    problem = check_pair_category(interaction.guild_channels.channel(category_id))
    if problem is None:
        return category_id
    if problem.category_missing:
        raise Refusal("pair.reply.category_gone", locale=locale)
    raise Refusal(
        "pair.reply.missing_permissions",
        locale=locale,
        where=tr.text(locale, "pair.where.category", channel=f"<#{category_id}>"),
        missing=permission_names(problem.missing, locale=locale, tr=tr),
    )


def _room_text(pair: Pair, *, created: bool, locale: Locale) -> str:
    tr = default_translator()
    if created:
        return tr.text(
            locale,
            "pair.reply.created",
            channel=f"<#{pair.private_channel_id}>",
            user1=f"<@{pair.user_low}>",
            user2=f"<@{pair.user_high}>",
        )
    return tr.text(locale, "pair.reply.existing", channel=f"<#{pair.private_channel_id}>")


async def create_pair(services: Services, interaction: Interaction, responder: Responder) -> None:
    """The ``/pair create`` handler: the pair of the two named members and its private room, created once."""
    settings = await require_admin_or_moderator(interaction, services)
    guild_id, locale = settings.guild_id, settings.locale
    member1, member2 = _members(interaction, locale)
    first, second = member1.id, member2.id
    async with services.pool.acquire() as conn:
        existing = await pair_of_members(conn, guild_id, first, second)
    if existing is not None and room_exists(interaction.guild_channels, existing.private_channel_id):
        await _reopen(services, existing, responder, locale)
        return
    # No pair yet, or its room was deleted: a (new) room is made and the pair lives there from now on.
    gone_room = None if existing is None else existing.private_channel_id
    category_id = _pair_category(interaction, settings)
    await responder.defer()  # creating the room takes Discord calls
    spec = ChannelSpec(
        name=pair_room_name(member1.display_name, member2.display_name),
        parent_id=category_id,
        topic=default_translator().text(
            locale, "pair.room.topic", user1=member1.display_name, user2=member2.display_name
        ),
        overwrites=pair_room_overwrites(guild_id, (first, second), interaction.bot_user_id, settings.moderator_role_id),
    )
    pair, effect = await _decide_room(services, guild_id, first, second, spec, gone_room)
    # The room of this pair is new unless a concurrent call had already made it; a shared effect counts as new.
    created = effect is not None
    if effect is not None:
        pair = await _room_made(services, guild_id, first, second, effect, locale)
    if pair is None:
        await responder.reply(default_translator().text(locale, "effect.reply.pending"))
        return
    logger.info("pair room ready", extra={"pair_id": str(pair.id), "new_room": created})
    await responder.reply(_room_text(pair, created=created, locale=locale))


async def _reopen(services: Services, pair: Pair, responder: Responder, locale: Locale) -> None:
    """The pair exists: name its room and make sure its panel is there (it may have been deleted)."""
    async with services.pool.acquire() as conn, conn.transaction():
        await request_refresh(conn, [PAIR_HOME.ref(pair.guild_id, pair.id)], reason="pair_room_opened")
    await responder.reply(_room_text(pair, created=False, locale=locale))


async def _decide_room(
    services: Services, guild_id: str, first: str, second: str, spec: ChannelSpec, gone_room: str | None
) -> tuple[Pair | None, Effect | None]:
    """Under the members' lock: the pair a concurrent call just made (or moved), or the recorded room effect
    (shared with a concurrent call deciding the same room, or waiting since an earlier try).

    A pair found under the lock in any other room than ``gone_room`` was just made (or moved) by a concurrent
    call: it is the answer, and no second room is decided.
    """
    async with services.pool.acquire() as conn, conn.transaction():
        await lock_pair_creation(conn, guild_id, first, second)
        winner = await pair_of_members(conn, guild_id, first, second)
        if winner is not None and winner.private_channel_id != gone_room:
            return winner, None
        effect = await record_pair_room(
            conn, services, guild_id=guild_id, members=(first, second), spec=spec, gone_room=gone_room
        )
    return None, effect


async def _room_made(
    services: Services, guild_id: str, first: str, second: str, effect: Effect, locale: Locale
) -> Pair | None:
    """Perform the room effect now; the pair in its room, or None while Discord is slow (the job finishes it).
    Refused when the room cannot be made (the bot lacks a permission)."""
    done = await services.effects.perform(services, effect.id)
    if done.status in ("failed", "dead"):
        raise Refusal("pair.reply.cannot_create_room", locale=locale)
    if done.status != "sent":
        return None
    async with services.pool.acquire() as conn:
        return await pair_of_members(conn, guild_id, first, second)


async def my_room(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/pair room`` (and the scoreboard's "my room" button): links to the member's pair room(s)."""
    settings = await require_guild(interaction, services)
    async with services.pool.acquire() as conn:
        pairs = await pairs_of_member(conn, settings.guild_id, interaction.author_id)
    await responder.reply(rooms_text(pairs, settings.locale))
