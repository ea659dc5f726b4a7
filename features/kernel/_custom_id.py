"""The custom-id codec: ``t1:<feature>:<action>[:<arg>...]``, always at most 100 characters.

Every button, select and modal id the bot emits goes through :func:`encode_custom_id`, and every id Discord
sends back through :func:`decode_custom_id`. The envelope is versioned by its prefix (``t1``) so a later format
can coexist with messages still showing old buttons. Arguments are short tokens from the base64url alphabet:
a UUID is 22 characters (:func:`uuid_token`), a snowflake or counter is base-36 (:func:`int_token`), so even
three UUIDs fit (the earlier version's 223-character ids could not be sent at all).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
from collections.abc import Collection

import msgspec

from features.kernel._errors import CustomIdError, CustomIdTooLong

MAX_CUSTOM_ID_LENGTH = 100
PREFIX = "t1"
SEPARATOR = ":"
MAX_ARGS = 6

_NAME = re.compile(r"[a-z][a-z0-9_]{0,23}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{0,40}")
_INT_TOKEN = re.compile(r"[0-9a-z]{1,14}")
_DATE_TOKEN = re.compile(r"[0-9]{8}")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


class CustomId(msgspec.Struct, frozen=True, kw_only=True):
    """A decoded custom id: which feature and action it routes to, and its positional argument tokens."""

    feature: str
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int) -> str:
        """Return argument ``index``; raise :class:`CustomIdError` if it is absent or empty."""
        if index >= len(self.args) or not self.args[index]:
            raise CustomIdError(f"custom id {self.feature}:{self.action} lacks argument {index}")
        return self.args[index]

    def uuid_arg(self, index: int) -> uuid.UUID:
        """Return argument ``index`` decoded as a UUID token."""
        return parse_uuid_token(self.arg(index))

    def int_arg(self, index: int) -> int:
        """Return argument ``index`` decoded as a base-36 integer token."""
        return parse_int_token(self.arg(index))

    def date_arg(self, index: int) -> dt.date:
        """Return argument ``index`` decoded as a date token."""
        return parse_date_token(self.arg(index))

    def choice_arg(self, index: int, allowed: Collection[str]) -> str:
        """Return argument ``index`` if it is one of ``allowed``; raise :class:`CustomIdError` otherwise."""
        value = self.arg(index)
        if value not in allowed:
            raise CustomIdError(f"custom id {self.feature}:{self.action}: unexpected value {value!r}")
        return value

    def encode(self) -> str:
        """Return the wire form of this id (see :func:`encode_custom_id`)."""
        return encode_custom_id(self.feature, self.action, *self.args)


def uuid_token(value: uuid.UUID) -> str:
    """Return the 22-character base64url form (no padding) of a UUID's 16 bytes."""
    return base64.urlsafe_b64encode(value.bytes).decode("ascii").rstrip("=")


def parse_uuid_token(token: str) -> uuid.UUID:
    """Decode :func:`uuid_token` output; raise :class:`CustomIdError` on anything else."""
    if len(token) != 22 or not _TOKEN.fullmatch(token):
        raise CustomIdError(f"not a uuid token: {token!r}")
    try:
        raw = base64.urlsafe_b64decode(token + "==")
    except (binascii.Error, ValueError) as exc:
        raise CustomIdError(f"not a uuid token: {token!r}") from exc
    if len(raw) != 16 or uuid_token(uuid.UUID(bytes=raw)) != token:
        # Reject non-canonical spellings (stray low bits in the last character) so one UUID has one token.
        raise CustomIdError(f"not a canonical uuid token: {token!r}")
    return uuid.UUID(bytes=raw)


def int_token(value: int) -> str:
    """Return a non-negative integer (a snowflake, a round number) in base 36: 13 characters for any snowflake."""
    if value < 0:
        raise ValueError("int_token needs a non-negative integer")
    digits = []
    while True:
        value, rem = divmod(value, 36)
        digits.append(_DIGITS[rem])
        if value == 0:
            return "".join(reversed(digits))


def parse_int_token(token: str) -> int:
    """Decode :func:`int_token` output; raise :class:`CustomIdError` on anything else (no signs, no padding)."""
    if not _INT_TOKEN.fullmatch(token) or (len(token) > 1 and token[0] == "0"):
        raise CustomIdError(f"not an integer token: {token!r}")
    return int(token, 36)


def date_token(value: dt.date) -> str:
    """Return a date (a week's Monday, a guild's day) as ``YYYYMMDD``."""
    return value.strftime("%Y%m%d")


def parse_date_token(token: str) -> dt.date:
    """Decode :func:`date_token` output; raise :class:`CustomIdError` on anything else (a date that does not exist
    included)."""
    if not _DATE_TOKEN.fullmatch(token):
        raise CustomIdError(f"not a date token: {token!r}")
    try:
        return dt.date(int(token[:4]), int(token[4:6]), int(token[6:]))
    except ValueError as exc:
        raise CustomIdError(f"not a date token: {token!r}") from exc


def encode_custom_id(feature: str, action: str, *args: str) -> str:
    """Return the custom id for ``feature``/``action`` with argument tokens ``args``.

    Raises :class:`CustomIdError` for a name or token outside the alphabet and :class:`CustomIdTooLong` (with
    the length) when the id would exceed 100 characters: a renderer finds out at build time, in tests.
    """
    for name in (feature, action):
        if not _NAME.fullmatch(name):
            raise CustomIdError(f"invalid custom id name {name!r}")
    if len(args) > MAX_ARGS:
        raise CustomIdError(f"too many custom id arguments ({len(args)} > {MAX_ARGS})")
    for token in args:
        if not _TOKEN.fullmatch(token):
            raise CustomIdError(f"invalid custom id token {token!r}")
    encoded = SEPARATOR.join((PREFIX, feature, action, *args))
    if len(encoded) > MAX_CUSTOM_ID_LENGTH:
        raise CustomIdTooLong(f"custom id is {len(encoded)} characters, more than {MAX_CUSTOM_ID_LENGTH}")
    return encoded


def decode_custom_id(raw: str) -> CustomId:
    """Parse a custom id produced by :func:`encode_custom_id`; raise :class:`CustomIdError` on anything else."""
    if len(raw) > MAX_CUSTOM_ID_LENGTH:
        raise CustomIdTooLong(f"custom id is {len(raw)} characters, more than {MAX_CUSTOM_ID_LENGTH}")
    parts = raw.split(SEPARATOR)
    if len(parts) < 3 or parts[0] != PREFIX:
        raise CustomIdError(f"unknown custom id format: {raw[:40]!r}")
    feature, action, *args = parts[1:]
    if not _NAME.fullmatch(feature) or not _NAME.fullmatch(action):
        raise CustomIdError(f"invalid custom id names in {raw[:40]!r}")
    if len(args) > MAX_ARGS or not all(_TOKEN.fullmatch(token) for token in args):
        raise CustomIdError(f"invalid custom id arguments in {raw[:40]!r}")
    return CustomId(feature=feature, action=action, args=tuple(args))


def expect_custom_id(custom_id: CustomId, feature: str, actions: tuple[str, ...], argc: int) -> None:
    """Raise :class:`CustomIdError` unless ``custom_id`` is ``feature``'s, with one of ``actions`` and ``argc``
    arguments (what every feature's typed parser checks first)."""
    if custom_id.feature != feature or custom_id.action not in actions or len(custom_id.args) != argc:
        raise CustomIdError(f"not a {feature} id: {custom_id.feature}:{custom_id.action}")
