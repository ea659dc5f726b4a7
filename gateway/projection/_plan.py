"""Pure decisions of a projection turn: what to do with the stored message, and how long to pace.

No I/O and no clock: the stored placement, the snapshot and ``now`` come in, a decision comes out, so every
branch is unit-tested.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from typing import Protocol

from gateway._buckets import BucketState
from store import ProjectionMessage


class Action(enum.Enum):
    """What reaches Discord this turn."""

    #: The message already shows this version (or a newer one): send nothing.
    SKIP = "skip"
    #: Edit the stored message in place.
    EDIT = "edit"
    #: Post a new message (none stored, or it lives in another channel).
    CREATE = "create"


@dataclass(frozen=True, slots=True)
class Plan:
    """The decision for one snapshot: ``action`` on ``message_id`` (EDIT), then pin when ``pin``; a CREATE posts
    as ``generation`` (see :func:`post_nonce`)."""

    action: Action
    message_id: str | None = None
    pin: bool = False
    generation: int = 0

    @property
    def sends_nothing(self) -> bool:
        """True when the turn has nothing to do in Discord."""
        return self.action is Action.SKIP and not self.pin


class Placed(Protocol):
    """A version of the state and the channel it belongs in: a cheap :class:`~gateway.projection.Stamp` or a
    rendered :class:`~gateway.projection.Snapshot`."""

    @property
    def channel_id(self) -> str: ...

    @property
    def version(self) -> int: ...


def plan(stored: ProjectionMessage | None, snapshot: Placed, *, pin: bool) -> Plan:
    """Decide what showing ``snapshot`` takes, given what is stored (``None``: never shown).

    The same decision serves the turn's cheap read (a stamp, before anything is rendered) and the locked
    section (the rendered snapshot). A stored version at least as new as the snapshot's means a newer (or the
    same) render is already on screen: skip, so a stale owner never overwrites it. A missing message is posted
    again whatever the versions say, since nothing is on screen; so is one whose channel changed (the message
    in the old channel is left as it is). A pin is wanted once per posted message.

    A post's generation is the stored one (0 for the first post; forgetting a deleted message already started
    a new one), one more when the projection moved channel: a post moved back to a channel within the nonce
    window is then a new message, not the first one returned again.
    """
    if stored is None:
        return Plan(Action.CREATE, pin=pin)
    if stored.channel_id != snapshot.channel_id:
        return Plan(Action.CREATE, pin=pin, generation=stored.post_generation + 1)
    if stored.message_id is None:
        return Plan(Action.CREATE, pin=pin, generation=stored.post_generation)
    wants_pin = pin and stored.pin_attempted_at is None
    if stored.rendered_version >= snapshot.version:
        return Plan(Action.SKIP, stored.message_id, pin=wants_pin)
    return Plan(Action.EDIT, stored.message_id, pin=wants_pin)


#: Discord keeps a message nonce at most 25 characters long.
NONCE_LENGTH = 25


def post_nonce(projection_key: str, channel_id: str, generation: int) -> str:
    """The nonce of a projection's post (sent with ``enforce_nonce``): the same for the same projection, channel
    and generation, so a post repeated after a crash (the message went out, its id was never recorded) returns
    the first message instead of posting a second one. ``p`` and 24 hex digits of a hash of the three: a fixed
    length within Discord's limit, whatever the key's length."""
    digest = hashlib.blake2b(
        f"{projection_key}\x1f{channel_id}\x1f{generation}".encode(), digest_size=12
    ).hexdigest()
    return f"p{digest}"


def pacing_delay(bucket: BucketState | None, now: float) -> float:
    """How long one projection waits after a request before its next one, from the route bucket's state.

    The requests left in the bucket's window are spread evenly over the time left in it, so a projection
    that changes continuously uses one bucket slot per ``window / limit`` seconds instead of spending the
    whole bucket at once and then waiting out the window (which would hold the final state back for up to a
    window). An exhausted bucket waits for its reset; an unknown one does not wait.
    """
    if bucket is None or not bucket.known:
        return 0.0
    left = bucket.reset_at - now
    if left <= 0:
        return 0.0
    if bucket.remaining <= 0:
        return left
    return left / (bucket.remaining + 1)


def unavailable_backoff(attempt: int, rnd: float, *, base_s: float = 0.5, cap_s: float = 8.0) -> float:
    """The wait before retry ``attempt`` (1-based) after Discord was unavailable: exponential, jittered."""
    return min(cap_s, base_s * 2.0 ** (attempt - 1)) * (1.0 + 0.2 * rnd)
