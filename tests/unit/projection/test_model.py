"""Projection keys, kinds, refresh job requests and handlers, turn outcomes, channel gates."""

from __future__ import annotations

import logging
from typing import Any

import anyio
import pytest

from actors import Coalesce
from features.duels._jobs import SCOREBOARD_REFRESH, DuelScoreboardRefresh
from gateway.projection import (
    ACTOR_KIND,
    GuildState,
    Outcome,
    ProjectionKind,
    Projections,
    Refresh,
    RefreshJob,
    Snapshot,
    Stamp,
    actor_key,
    refresh_job_request,
    singleton_key,
)
from gateway.projection._gates import ChannelGates
from gateway.projection._model import parse_actor_key
from store import JobRegistry


async def _no_version(conn: object, guild_id: str, entity_id: str) -> Stamp | None:
    return None


async def _nothing(services: object, conn: object, settings: object, entity_id: str) -> Snapshot | None:
    return None


def _payload(guild_id: str, entity_id: str, reason: str) -> DuelScoreboardRefresh:
    return DuelScoreboardRefresh(
        correlation_id="c", guild_id=guild_id, feature="f", action="a", duel_id=entity_id, reason=reason
    )


def _entity(payload: DuelScoreboardRefresh) -> str:
    return payload.duel_id


async def _no_guild(conn: Any, guild_id: str) -> GuildState:
    raise AssertionError("no guild is read here")


JOB = RefreshJob(spec=SCOREBOARD_REFRESH.spec, payload=_payload, entity=_entity)


def _kind(name: str = "pair_home", job: RefreshJob[DuelScoreboardRefresh] | None = JOB) -> ProjectionKind:
    return ProjectionKind(name=name, version=_no_version, load=_nothing, refresh=job)


def test_keys_follow_the_seeds_singleton_format_and_round_trip() -> None:
    assert actor_key("duel_scoreboard", "1", "d-1") == "duel_scoreboard:1:d-1"
    assert singleton_key("pair_home", "1", "p") == "projection:pair_home:1:p"
    assert parse_actor_key("raid_progress:1:active:x") == ("raid_progress", "1", "active:x")


def test_a_kind_name_must_be_a_plain_word_and_unique() -> None:
    with pytest.raises(ValueError, match="without"):
        _kind("a:b")
    kind = _kind()
    with pytest.raises(ValueError, match="twice"):
        Projections([kind, kind], lambda: pytest.fail("services are not needed"), read_guild=_no_guild)


def test_the_actor_kind_coalesces_refreshes_with_a_bounded_debounce() -> None:
    projections = Projections([], lambda: pytest.fail("unused"), read_guild=_no_guild, debounce_s=0.2, max_delay_s=1.0)
    policy = projections.actor_kind.policies[Refresh]
    assert projections.actor_kind.name == ACTOR_KIND
    assert isinstance(policy, Coalesce)
    assert (policy.debounce_s, policy.max_delay_s) == (0.2, 1.0)


def test_a_refresh_request_is_the_kinds_job_coalesced_on_the_singleton_key() -> None:
    request = refresh_job_request(_kind().ref("1", "d:1"), reason="submission")
    assert (request.name, request.coalesce_key) == ("duel.scoreboard.refresh", "projection:pair_home:1:d:1")
    assert request.payload == _payload("1", "d:1", "submission")
    with pytest.raises(ValueError, match="no refresh job"):
        refresh_job_request(_kind(job=None).ref("1", "x"), reason="r")


def test_the_runtime_handles_each_kinds_refresh_job_and_finds_stored_keys(caplog: pytest.LogCaptureFixture) -> None:
    projections = Projections(
        [_kind(), _kind("untracked", job=None)], lambda: pytest.fail("unused"), read_guild=_no_guild
    )
    registry = JobRegistry()
    projections.install_jobs(registry)
    assert registry.handled_names() == ("duel.scoreboard.refresh",)
    ref = projections.ref("pair_home:1:p:2")
    assert ref is not None and (ref.kind.name, ref.guild_id, ref.entity_id, ref.key) == (
        "pair_home", "1", "p:2", "pair_home:1:p:2"
    )
    with caplog.at_level(logging.WARNING, logger="gateway.projection"):
        assert projections.ref("gone_kind:1:x") is None
    assert "a stored projection of a kind that is not installed" in [r.getMessage() for r in caplog.records]


def test_only_a_message_showing_the_latest_state_settles_a_refresh() -> None:
    assert {o for o in Outcome if o.settled} == {Outcome.SHOWN, Outcome.ALREADY_SHOWN, Outcome.GONE}


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
