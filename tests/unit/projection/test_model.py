"""Projection keys, kinds and the refresher's contract (never raises, unknown kinds refused)."""

from __future__ import annotations

import logging

import anyio
import pytest

from actors import Coalesce
from features.kernel._host import Services
from gateway.projection._gates import ChannelGates
from gateway.projection._model import (
    ACTOR_KIND,
    ProjectionKind,
    Refresh,
    Snapshot,
    actor_key,
    parse_actor_key,
    singleton_key,
)
from gateway.projection._projections import Projections


async def _nothing(services: object, guild_id: str, entity_id: str) -> Snapshot | None:
    return None


def test_keys_follow_the_seeds_singleton_format_and_round_trip() -> None:
    assert actor_key("duel_scoreboard", "1", "d-1") == "duel_scoreboard:1:d-1"
    assert singleton_key("pair_home", "1", "p") == "projection:pair_home:1:p"
    assert parse_actor_key("raid_progress:1:active:x") == ("raid_progress", "1", "active:x")


def test_a_kind_name_must_be_a_plain_word_and_unique() -> None:
    with pytest.raises(ValueError, match="without"):
        ProjectionKind(name="a:b", load=_nothing)
    kind = ProjectionKind(name="pair_home", load=_nothing)
    with pytest.raises(ValueError, match="twice"):
        Projections([kind, kind], lambda: pytest.fail("services are not needed"))


def test_the_actor_kind_coalesces_refreshes_with_a_bounded_debounce() -> None:
    projections = Projections([], lambda: pytest.fail("unused"), debounce_s=0.2, max_delay_s=1.0)
    policy = projections.actor_kind.policies[Refresh]
    assert projections.actor_kind.name == ACTOR_KIND
    assert isinstance(policy, Coalesce)
    assert (policy.debounce_s, policy.max_delay_s) == (0.2, 1.0)


def test_refresh_never_raises(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> Services:
        raise RuntimeError("services not attached yet")

    projections = Projections([ProjectionKind(name="pair_home", load=_nothing)], broken)
    with caplog.at_level(logging.WARNING, logger="gateway.projection"):
        projections.refresh("pair_home", "1", "p")
        projections.refresh("unknown", "1", "p")
    messages = [r.getMessage() for r in caplog.records]
    assert "projection refresh could not be sent" in messages
    assert "refresh of an unknown projection kind" in messages


@pytest.mark.anyio
async def test_channel_gates_serialize_one_channel_bound_db_slots_and_forget_idle_channels() -> None:
    gates = ChannelGates(db_slots=2)
    inside: list[str] = []
    slots_in_use = 0
    peak_slots = 0

    async def use(channel: str) -> None:
        nonlocal slots_in_use, peak_slots
        async with gates.channel(channel):
            assert channel not in inside
            inside.append(channel)
            async with gates.db_slot():
                slots_in_use += 1
                peak_slots = max(peak_slots, slots_in_use)
                await anyio.sleep(0.01)
                slots_in_use -= 1
            inside.remove(channel)

    async with anyio.create_task_group() as tg:
        for i in range(12):
            tg.start_soon(use, f"c{i % 4}")
    assert peak_slots == 2
    assert len(gates) == 0
    with pytest.raises(ValueError):
        ChannelGates(db_slots=0)
