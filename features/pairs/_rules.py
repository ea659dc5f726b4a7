"""Pair rules: who may form a pair, the canonical member order, and the private room's channel name (§2)."""

from __future__ import annotations

import re
import unicodedata

import msgspec

from together.errors import DomainError

ROOM_NAME_LIMIT = 100
_NAME_PART_LIMIT = 24
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


class InvalidPair(DomainError):
    """The two members cannot form a pair."""


class PairMembers(msgspec.Struct, frozen=True, kw_only=True):
    """Two distinct members in canonical order (numerically smaller snowflake first)."""

    user_low: str
    user_high: str

    def has(self, user_id: str) -> bool:
        """Whether ``user_id`` is one of the two."""
        return user_id in (self.user_low, self.user_high)


def pair_members(member1: str, member2: str, *, bot_user_id: str | None = None) -> PairMembers:
    """Validate and order two member ids; raise :class:`InvalidPair` for the same member twice or the bot.

    Ordering is numeric (snowflakes of different lengths compare wrongly as strings), so the same two people
    always give the same pair whichever way round they were named.
    """
    first, second = member1.strip(), member2.strip()
    if not (first.isdigit() and second.isdigit()):
        raise InvalidPair("member ids must be snowflakes")
    if first == second:
        raise InvalidPair("a pair needs two different members")
    if bot_user_id is not None and bot_user_id in (first, second):
        raise InvalidPair("the bot cannot be in a pair")
    low, high = sorted((first, second), key=int)
    return PairMembers(user_low=low, user_high=high)


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _NOT_WORD.sub("-", folded).replace("_", "-").strip("-")[:_NAME_PART_LIMIT].strip("-")


def pair_room_name(display_name1: str, display_name2: str, *, prefix: str = "pair") -> str:
    """The room's channel name, e.g. ``pair-аня-миша``: letters of any script are kept, the rest become ``-``.

    A name with no letters or digits left falls back to ``member`` so two rooms never end up as ``pair--``.
    """
    parts = [_slug(name) or "member" for name in (display_name1, display_name2)]
    return f"{prefix}-{parts[0]}-{parts[1]}"[:ROOM_NAME_LIMIT]
