"""The soak test's verdict, computed from what the database recorded and what the emulator (Discord) holds.

Pure: the driver (``tests/_soak.py``) reads the outbox rows and the emulator's messages and channels, and this
module counts, without I/O, whether every effect happened exactly once:

- *seen*: a sent effect whose result is in Discord (the message it names exists and carries the effect's
  nonce, or the channel it names exists);
- *doubles*: extra messages for one nonce (an effect's, or a projection's post), plus extra messages where a
  flow allows one (a second round notice for one pair in one round, say: ``singletons``);
- *orphans*: rooms in the pair category that no pair owns (a room created whose pair was never recorded);
- *missing*: an effect not sent (still pending or held after everything settled), sent but absent from
  Discord, and a pair whose room does not exist;
- *given up*: effects ``failed`` or ``dead`` (a crash must never make an effect give up);
- *waits*: from when an effect was due to when it was sent (or given up); ``longest_wait_up_s`` leaves out the
  time no bot process was running (a crash test restarts the bot itself, so its restart is not the system's
  delay), and ``waits_over_lease`` counts the effects that waited longer than one lease that way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Statuses of an effect that gave up: an operator has to act.
GIVEN_UP = frozenset({"failed", "dead"})


@dataclass(frozen=True)
class EffectRow:
    """One row of the outbox (``scheduled_posts``) as the audit needs it."""

    id: str
    kind: str
    status: str
    nonce: str
    due_at: dt.datetime
    #: When it was sent, or given up (None: still waiting).
    settled_at: dt.datetime | None = None
    result: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class PostedMessage:
    """A message the bot posted, as the emulator holds it."""

    id: str
    channel_id: str
    nonce: str | None = None


@dataclass(frozen=True)
class Downtime:
    """A span during which no bot process was up (from its kill to the next one being healthy)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Observed:
    """Everything the audit reads."""

    effects: Sequence[EffectRow]
    messages: Sequence[PostedMessage]
    #: Every channel that exists in the guild now.
    channels: frozenset[str]
    #: Channels in the pair category the bot created (the category's channels minus those set up before).
    rooms: frozenset[str]
    #: The room of every pair row.
    pair_rooms: frozenset[str]
    #: Messages counted per thing a flow posts at most once ("duel notice <round> <pair>" → 2 is one double).
    singletons: Mapping[str, int] = field(default_factory=dict)
    downtime: Sequence[Downtime] = ()
    #: The lease of the processes: an effect should never wait longer than this while a process is up.
    lease_seconds: float = float("inf")
    #: When the audit was taken: an effect still waiting has waited until now.
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass(frozen=True)
class SoakAudit:
    """The counts the soak test asserts on and ``bench.soak`` prints."""

    effects_expected: int
    effects_seen: int
    doubles: int
    orphans: int
    missing: int
    given_up: int
    longest_wait_s: float
    longest_wait_up_s: float
    #: Effects that waited longer than one lease while a process was up (a bench number, not a test's).
    waits_over_lease: int
    by_kind: Mapping[str, int]

    @property
    def clean(self) -> bool:
        """Every effect exactly once: nothing doubled, orphaned, missing or given up."""
        return self.doubles == self.orphans == self.missing == self.given_up == 0 and (
            self.effects_seen == self.effects_expected
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "effects_expected": self.effects_expected,
            "effects_seen": self.effects_seen,
            "doubles": self.doubles,
            "orphans": self.orphans,
            "missing": self.missing,
            "given_up": self.given_up,
            "longest_wait_ms": round(self.longest_wait_s * 1000, 1),
            "longest_wait_up_ms": round(self.longest_wait_up_s * 1000, 1),
            "waits_over_lease": self.waits_over_lease,
            "by_kind": dict(sorted(self.by_kind.items())),
        }


def audit(observed: Observed) -> SoakAudit:
    """Count what happened once, twice or never."""
    by_id = {m.id: m for m in observed.messages}
    per_nonce = Counter(m.nonce for m in observed.messages if m.nonce is not None)
    seen = missing = 0
    waits: list[float] = [0.0]
    waits_up: list[float] = [0.0]
    doubles = sum(count - 1 for count in per_nonce.values())
    for effect in observed.effects:
        if effect.status == "sent" and _in_discord(effect, by_id, observed.channels):
            seen += 1
        elif effect.status not in GIVEN_UP:
            missing += 1
        until = effect.settled_at or observed.now
        waits.append(_seconds(until - effect.due_at))
        waits_up.append(_seconds(until - effect.due_at) - _overlap(effect.due_at, until, observed.downtime))
    doubles += sum(count - 1 for count in observed.singletons.values() if count > 1)
    missing += len(observed.pair_rooms - observed.channels)
    return SoakAudit(
        effects_expected=len(observed.effects),
        effects_seen=seen,
        doubles=doubles,
        orphans=len(observed.rooms - observed.pair_rooms),
        missing=missing,
        given_up=sum(1 for e in observed.effects if e.status in GIVEN_UP),
        longest_wait_s=max(waits),
        longest_wait_up_s=max(0.0, max(waits_up)),
        waits_over_lease=sum(1 for wait in waits_up if wait > observed.lease_seconds),
        by_kind=Counter(e.kind for e in observed.effects),
    )


def _in_discord(effect: EffectRow, messages: Mapping[str, PostedMessage], channels: frozenset[str]) -> bool:
    """The sent effect's result exists: its message (with its nonce, when the message carries one) or its
    channel. An effect whose result names neither (a pin, an edit) counts as seen once sent."""
    result = effect.result or {}
    if result.get("message_id") is not None:
        message = messages.get(str(result["message_id"]))
        return message is not None and message.nonce in (None, effect.nonce)
    if result.get("channel_id") is not None:
        return str(result["channel_id"]) in channels
    return True


def _seconds(delta: dt.timedelta) -> float:
    return max(0.0, delta.total_seconds())


def _overlap(start: dt.datetime, end: dt.datetime, spans: Iterable[Downtime]) -> float:
    """Seconds of ``[start, end]`` during which no bot was up."""
    return sum(_seconds(min(end, span.end) - max(start, span.start)) for span in spans)
