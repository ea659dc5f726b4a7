"""Discord permission bits and the "admin or moderator" rule, as pure predicates (features.md §0.5).

Discord sends permissions as a decimal string of a 53-bit field; :func:`parse_permissions` turns it into a
:class:`Permission` flag set. Only the bits the bot reasons about are named; unknown bits survive parsing.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable


class Permission(enum.IntFlag):
    """Discord permission bits (https://discord.com/developers/docs/topics/permissions)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_AUDIT_LOG = 1 << 7
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38
    PIN_MESSAGES = 1 << 51


#: What the bot needs in a channel where it posts and edits projection messages.
CHANNEL_POST_PERMISSIONS = (
    Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES | Permission.READ_MESSAGE_HISTORY | Permission.EMBED_LINKS
)
#: What the bot needs in the pair category to create private rooms with overwrites.
PAIR_CATEGORY_PERMISSIONS = (
    Permission.VIEW_CHANNEL | Permission.MANAGE_CHANNELS | Permission.MANAGE_ROLES | Permission.SEND_MESSAGES
    | Permission.READ_MESSAGE_HISTORY
)
#: What each pair member gets in their room.
PAIR_MEMBER_ALLOW = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES | Permission.READ_MESSAGE_HISTORY


def parse_permissions(value: str | int) -> Permission:
    """Parse Discord's decimal permission string (or an int) into a flag set; raise ``ValueError`` if invalid."""
    number = int(value) if isinstance(value, str) else value
    if number < 0:
        raise ValueError("permissions cannot be negative")
    return Permission(number)


def format_permissions(value: Permission) -> str:
    """Return the decimal string form Discord expects in overwrites and role bodies."""
    return str(int(value))


def has_all(granted: Permission, required: Permission) -> bool:
    """Return whether ``granted`` covers ``required``; Administrator implies every permission."""
    if granted & Permission.ADMINISTRATOR:
        return True
    return granted & required == required


def missing_permissions(granted: Permission, required: Permission) -> tuple[Permission, ...]:
    """Return the single bits of ``required`` absent from ``granted`` (none when Administrator), low bit first."""
    if granted & Permission.ADMINISTRATOR:
        return ()
    return tuple(bit for bit in Permission if bit & required and not bit & granted)


def is_admin(granted: Permission) -> bool:
    """Return whether the member has the Administrator permission."""
    return bool(granted & Permission.ADMINISTRATOR)


class Access(enum.StrEnum):
    """The outcome of a permission rule; a refusal names what was missing so the reply can say it."""

    ALLOWED = "allowed"
    ADMIN_REQUIRED = "admin_required"
    MODERATOR_REQUIRED = "moderator_required"


def check_admin(granted: Permission) -> Access:
    """The rule for ``/admin`` and ``/setup``: Administrator only, the moderator role is not enough."""
    return Access.ALLOWED if is_admin(granted) else Access.ADMIN_REQUIRED


def check_admin_or_moderator(
    granted: Permission, member_role_ids: Iterable[str | int], moderator_role_id: str | int | None
) -> Access:
    """The "admin or moderator" rule every moderating command uses.

    Passes with Administrator, or with the guild's one configured moderator role. Role ids are compared as
    strings, so snowflakes given as ints or strings match. With no moderator role configured only admins pass and
    the refusal is :attr:`Access.ADMIN_REQUIRED` (asking for a role nobody can have would mislead).
    """
    if is_admin(granted):
        return Access.ALLOWED
    if moderator_role_id is None or str(moderator_role_id) == "":
        return Access.ADMIN_REQUIRED
    roles: Collection[str] = {str(role) for role in member_role_ids}
    return Access.ALLOWED if str(moderator_role_id) in roles else Access.MODERATOR_REQUIRED
