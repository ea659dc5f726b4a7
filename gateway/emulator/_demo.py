"""The demo guild a fresh data folder starts with: people to act as and the channels a ``/setup`` asks for.

An administrator (the guild's owner), a moderator and four members, named in the guild's language, and two
categories: one for the bot's channels (general, horoscope, raids, hall of fame, public posts, anonymous inbox,
duels) and an empty one for the private pair rooms. Tests use the smaller :meth:`World.add_demo_guild`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from gateway.emulator._guild import Guild
from gateway.emulator._permissions import ADMINISTRATOR, MANAGE_MESSAGES
from gateway.emulator._state import BOT_PERMISSIONS, EVERYONE_PERMISSIONS, DemoGuild, World


@dataclass(frozen=True, slots=True)
class _Cast:
    """One language's names: the guild, its roles, people (username, display name) and channels."""

    guild: str
    admin_role: str
    moderator_role: str
    admin: tuple[str, str]
    moderator: tuple[str, str]
    members: tuple[tuple[str, str], ...]
    bot_category: str
    pair_category: str
    channels: tuple[str, ...]
    discord_locale: str


_CASTS: Final = {
    "ru": _Cast(
        guild="Together — демо",
        admin_role="Админ",
        moderator_role="Модератор",
        admin=("olga", "Ольга"),
        moderator=("dmitry", "Дмитрий"),
        members=(("anna", "Анна"), ("boris", "Борис"), ("vera", "Вера"), ("gleb", "Глеб")),
        bot_category="Together",
        pair_category="Пары",
        channels=("общий", "гороскоп", "рейды", "зал-славы", "посты", "анонимки", "дуэли"),
        discord_locale="ru",
    ),
    "en": _Cast(
        guild="Together Demo",
        admin_role="Admin",
        moderator_role="Moderator",
        admin=("olivia", "Olivia"),
        moderator=("daniel", "Daniel"),
        members=(("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave")),
        bot_category="Together",
        pair_category="Pairs",
        channels=("general", "horoscope", "raids", "hall-of-fame", "posts", "anonymous", "duels"),
        discord_locale="en-US",
    ),
}


def add_local_demo_guild(world: World, *, locale: str = "ru") -> DemoGuild:
    """Create the demo guild in ``world`` (names in ``locale``, ``ru`` or ``en``); returns its ids."""
    cast = _CASTS.get(locale.split("-")[0], _CASTS["en"])

    def person(names: tuple[str, str]) -> str:
        uid = world.add_user(names[0])
        world.users[uid] |= {"global_name": names[1], "locale": cast.discord_locale}
        return uid

    admin = person(cast.admin)
    gid = world.ids.next()
    guild = Guild(id=gid, name=cast.guild, owner_id=admin, preferred_locale=locale)
    world.guilds[gid] = guild
    world.add_role(guild, "@everyone", EVERYONE_PERMISSIONS, role_id=gid)
    moderator_role = world.add_role(guild, cast.moderator_role, EVERYONE_PERMISSIONS | MANAGE_MESSAGES)
    bot_role = world.add_role(guild, "Together", BOT_PERMISSIONS)
    admin_role = world.add_role(guild, cast.admin_role, ADMINISTRATOR)
    world.add_member(guild, admin, [admin_role])
    members = {cast.admin[0]: admin}
    moderator = person(cast.moderator)
    world.add_member(guild, moderator, [moderator_role])
    members[cast.moderator[0]] = moderator
    for names in cast.members:
        uid = person(names)
        world.add_member(guild, uid)
        members[names[0]] = uid
    world.add_member(guild, world.bot_id, [bot_role])
    members["bot"] = world.bot_id
    category = world.add_channel(guild, cast.bot_category, type=4)
    channels = [world.add_channel(guild, name, parent_id=category["id"]) for name in cast.channels]
    world.add_channel(guild, cast.pair_category, type=4)
    return DemoGuild(
        guild_id=gid,
        owner_id=admin,
        everyone_role_id=gid,
        moderator_role_id=moderator_role,
        category_id=category["id"],
        general_channel_id=channels[0]["id"],
        members=members,
    )
