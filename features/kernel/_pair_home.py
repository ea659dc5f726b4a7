"""Pair Home sections: how a feature shows its part of a pair's home panel without the pairs feature knowing it.

The panel (owned by ``features.pairs``) lists the pair and then one line per section, in install order, with
the sections' buttons below. A feature declares a :class:`PairHomeSection` (``host.add_pair_home_section``):
``load`` reads its state for the pair inside the panel's repeatable-read transaction, ``render`` turns that
state into a :class:`PairHomePart` (pure). A section that offers an "info" button names its ``info_action``;
the button's id is ``t1:pair_home:<info_action>:<pair>`` and pressing it answers ``info(state)`` ephemerally.

Whatever a section shows must bump ``pairs.version`` when it changes (the panel's projection version), and
ask for a ``pair.home.refresh`` in the same transaction.

``PairCreated`` listeners run in the transaction that stores a new pair, so a feature can react (the running
duel's scoreboard gains the pair) atomically with the creation; each returns the projections its reaction
changed, whose refreshes the creation requests together with the new panel's (one enqueue).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import msgspec

from features.kernel._components import Button
from features.kernel._custom_id import CustomId, encode_custom_id, expect_custom_id, uuid_token
from features.kernel._pairs import Pair
from gateway.i18n import Locale, Translator
from gateway.projection import ProjectionRef
from store import Connection

#: The custom-id feature of every Pair Home button (``t1:pair_home:<action>:<pair>``).
PAIR_HOME_ID: Final = "pair_home"


class PairHomePart(msgspec.Struct, frozen=True, kw_only=True):
    """What one section shows: its line of the panel and, optionally, one button."""

    line: str
    button: Button | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class PairHomeSection:
    """One feature's part of the Pair Home panel (see the module docstring)."""

    name: str
    load: Callable[[Connection, Pair], Awaitable[Any]]
    render: Callable[[Any, Pair, Locale, Translator], PairHomePart]
    info_action: str | None = None
    info: Callable[[Any, Locale, Translator], str] | None = None


#: Called with the connection (inside the creating transaction) and the new pair; returns the projections its
#: reaction changed.
PairCreated = Callable[[Connection, Pair], Awaitable[Sequence[ProjectionRef]]]


def pair_home_id(action: str, pair_id: uuid.UUID) -> str:
    """A Pair Home button id: ``action`` is a section's ``info_action``."""
    return encode_custom_id(PAIR_HOME_ID, action, uuid_token(pair_id))


def parse_pair_home_id(custom_id: CustomId, actions: tuple[str, ...]) -> tuple[str, uuid.UUID]:
    """Parse a Pair Home button id into its action (one of ``actions``) and pair id."""
    expect_custom_id(custom_id, PAIR_HOME_ID, actions, 1)
    return custom_id.action, custom_id.uuid_arg(0)
