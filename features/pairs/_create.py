"""``/pair create member1 member2`` and ``/pair room``.

Creating a pair makes its private channel before the row exists. The whole creation runs under a
transaction-scoped lock on the two members (:func:`store._pairs.lock_pair_creation`): a second moderator
creating the same pair at the same moment waits, then finds the first one's pair and creates nothing, so no
orphan channel is left behind. If anything fails after the channel was created, the channel is deleted
again and the transaction rolls back. A pair whose room was deleted in the client gets a new room the same way
(same lock, same single winner) and keeps its history; its panel follows it there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from features.kernel import (
    PAIR_HOME,
    GuildSettings,
    Pair,
    PairCreated,
    ServiceHandler,
    Services,
    insert_pair,
    lock_pair_creation,
    move_pair_room,
    pair_of_members,
    pairs_of_member,
    permission_names,
    require_admin_or_moderator,
    require_guild,
    rooms_text,
    setting_name,
)
from features.pairs._room import check_pair_category, pair_room_overwrites, room_exists
from features.pairs._rules import pair_room_name
from gateway import ChannelSpec, Forbidden, GatewayError, Interaction, Refusal, ResolvedUser, Responder
from gateway.i18n import Locale, default_translator
from gateway.projection import ProjectionRef, request_refresh

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


def create_pair(listeners: Sequence[PairCreated]) -> ServiceHandler:
    """The ``/pair create`` handler; ``listeners`` run in the transaction that stores a new pair."""

    async def create(services: Services, interaction: Interaction, responder: Responder) -> None:
        """The pair of the two named members and its private room, created once."""
        await _create(services, interaction, responder, listeners)

    return create


async def _create(
    services: Services, interaction: Interaction, responder: Responder, listeners: Sequence[PairCreated]
) -> None:
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
    pair, created = await _create_once(services, guild_id, first, second, spec, gone_room, listeners)
    if pair is None:
        raise Refusal("pair.reply.cannot_create_room", locale=locale)
    logger.info("pair room ready", extra={"pair_id": str(pair.id), "new_room": created})
    await responder.reply(_room_text(pair, created=created, locale=locale))


async def _reopen(services: Services, pair: Pair, responder: Responder, locale: Locale) -> None:
    """The pair exists: name its room and make sure its panel is there (it may have been deleted)."""
    async with services.pool.acquire() as conn, conn.transaction():
        await request_refresh(conn, [PAIR_HOME.ref(pair.guild_id, pair.id)], reason="pair_room_opened")
    await responder.reply(_room_text(pair, created=False, locale=locale))


async def _create_once(
    services: Services,
    guild_id: str,
    first: str,
    second: str,
    spec: ChannelSpec,
    gone_room: str | None,
    listeners: Sequence[PairCreated],
) -> tuple[Pair | None, bool]:
    """Create the channel and the pair (or move the pair out of its deleted room ``gone_room``) under the
    members' lock; (None, False) when Discord refused the channel.

    A pair found under the lock in any other room than ``gone_room`` was just made (or moved) by a concurrent
    call: it is the answer, and no second room is created.
    """
    async with services.pool.acquire() as conn, conn.transaction():
        await lock_pair_creation(conn, guild_id, first, second)
        winner = await pair_of_members(conn, guild_id, first, second)
        if winner is not None and winner.private_channel_id != gone_room:
            return winner, False
        try:
            channel = await services.rest.create_channel(guild_id, spec)
        except Forbidden:
            logger.warning("pair room refused by Discord: missing permissions")
            return None, False
        try:
            if winner is not None:
                pair = await move_pair_room(conn, winner.id, channel["id"])
                await request_refresh(conn, [PAIR_HOME.ref(guild_id, pair.id)], reason="pair_room_recreated")
                return pair, True
            pair = await insert_pair(conn, guild_id=guild_id, member1=first, member2=second, channel_id=channel["id"])
            changed: list[ProjectionRef] = [PAIR_HOME.ref(guild_id, pair.id)]
            for listener in listeners:
                changed.extend(await listener(conn, pair))
            await request_refresh(conn, changed, reason="pair_created")
        except BaseException:
            await _delete_orphan(services, channel["id"])
            raise
    return pair, True


async def _delete_orphan(services: Services, channel_id: str) -> None:
    try:
        await services.rest.delete_channel(channel_id)
    except GatewayError:
        logger.warning("could not delete a pair room whose pair was not stored", extra={"channel_id": channel_id})


async def my_room(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/pair room`` (and the scoreboard's "my room" button): links to the member's pair room(s)."""
    settings = await require_guild(interaction, services)
    async with services.pool.acquire() as conn:
        pairs = await pairs_of_member(conn, settings.guild_id, interaction.author_id)
    await responder.reply(rooms_text(pairs, settings.locale))
