"""Anonymous-question rules, pure: limits, the question's text, its short request code, the queue's pages and
when a refused member may try again (features.md §8, without §16 item 14: repeats never spend a quota)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import uuid
from typing import Final
from zoneinfo import ZoneInfo

import msgspec

from together.errors import DomainError

MIN_LENGTH: Final = 2
MAX_LENGTH: Final = 400
#: Questions a member may propose per guild-local day (quota ``anon_propose``).
PROPOSE_DAILY_LIMIT: Final = 6
#: Questions of one member waiting for moderation within the last :data:`PENDING_WINDOW`.
PENDING_LIMIT: Final = 3
PENDING_WINDOW: Final = dt.timedelta(hours=24)
#: Mascot answers a member may ask for per guild-local day (quota ``anon_mascot``).
MASCOT_DAILY_LIMIT: Final = 8
PAGE_SIZE: Final = 3

PROPOSE_QUOTA: Final = "anon_propose"
MASCOT_QUOTA: Final = "anon_mascot"

#: The request code's letters: no 0/O, 1/I/L, so it can be read aloud and typed back without confusion.
CODE_ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH: Final = 6


class Question(msgspec.Struct, frozen=True, kw_only=True):
    """A question as members and moderators see it: its text and request code. It has no author field on
    purpose: whatever renders it cannot show one."""

    id: uuid.UUID
    request_code: str
    text: str
    status: str
    created_at: dt.datetime


class InvalidQuestion(DomainError):
    """The question is empty, too short or too long once trimmed."""


class QuestionStatus:
    """The stored statuses (a question moves pending → approved → published, or pending → rejected)."""

    PENDING: Final = "pending"
    APPROVED: Final = "approved"
    PUBLISHED: Final = "published"
    REJECTED: Final = "rejected"


def clean_question(raw: str) -> str:
    """The question as stored: trimmed, :data:`MIN_LENGTH`..:data:`MAX_LENGTH` characters."""
    text = raw.strip()
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise InvalidQuestion(f"question length {len(text)} outside {MIN_LENGTH}..{MAX_LENGTH}")
    return text


def text_hash(text: str) -> str:
    """The key of "the same question": sha256 of the trimmed text (an exact repeat, not a similar one)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_request_code() -> str:
    """A fresh random request code (unique per guild by the table's index; the caller retries a clash)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def next_day_start(now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """When the guild's next day begins: a spent daily quota is whole again."""
    tomorrow = now.astimezone(tz).date() + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time(), tzinfo=tz)


def pending_frees_at(oldest_pending: dt.datetime) -> dt.datetime:
    """When the oldest of a member's pending questions leaves the window (unless a moderator acts sooner)."""
    return oldest_pending + PENDING_WINDOW


class Page(msgspec.Struct, frozen=True, kw_only=True):
    """One page of the moderation queue: which page it is (clamped), of how many, and the rows to skip."""

    index: int
    count: int
    offset: int

    @property
    def has_previous(self) -> bool:
        return self.index > 0

    @property
    def has_next(self) -> bool:
        return self.index < self.count - 1


def queue_page(requested: int, total: int, size: int = PAGE_SIZE) -> Page:
    """The page to show for ``requested``: a page past the end (the queue shrank) shows the last one."""
    count = max(1, math.ceil(total / size))
    index = min(max(0, requested), count - 1)
    return Page(index=index, count=count, offset=index * size)
