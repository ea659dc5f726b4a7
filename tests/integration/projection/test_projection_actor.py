"""The projection actor against real Postgres and the Discord emulator: bursts, deletions, 429s, failures."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import anyio.lowlevel
import asyncpg
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from features.kernel.testing import ProjectionOwner as Owner
from gateway.emulator import LocalDiscord
from gateway.projection._publisher import CREATE_ROUTE, EDIT_ROUTE
from store._projections import fetch_projection
from tests._log_fields import log_field
from tests._projection import Boards, body_version, projection_owner, shown_version

pytestmark = pytest.mark.anyio

ENTITY = "e1"


def _requests(local: LocalDiscord, route: tuple[str, str], status: int | None = None) -> list[Any]:
    method, template = route
    return [
        r for r in local.emulator.requests
        if r.method == method and r.template == template and (status is None or r.status == status)
    ]


def _only_message(local: LocalDiscord, channel_id: str) -> dict[str, Any]:
    messages = local.driver.channel_messages(channel_id)
    assert len(messages) == 1, messages
    return messages[0]


async def _show(owner: Owner, boards: Boards, guild_id: str, version: int | None = None) -> None:
    boards[ENTITY].bump(version)
    owner.refresh("board", guild_id, ENTITY)
    await owner.system.quiesce()


@asynccontextmanager
async def _showing(db_pool: asyncpg.Pool, local: LocalDiscord, **options: Any) -> AsyncIterator[tuple[Owner, Boards]]:
    """An owner of the ``board`` projection in #general, its first state already shown."""
    boards = Boards(local.demo.general_channel_id)
    async with projection_owner(db_pool, local, [boards.kind()], **options) as owner:
        await _show(owner, boards, local.demo.guild_id)
        yield owner, boards


async def _stream(owner: Owner, boards: Boards, guild_id: str, changes: int, *, pause: float) -> None:
    """``changes`` new states of the entity, each refreshed, ``pause`` seconds apart; then every turn ends."""
    for _ in range(changes):
        boards[ENTITY].bump()
        owner.refresh("board", guild_id, ENTITY)
        await anyio.sleep(pause)
    await owner.system.quiesce()


async def test_a_burst_of_a_thousand_refreshes_makes_few_edits_and_ends_on_the_last_state(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    async with _showing(db_pool, local) as (owner, boards):
        for i in range(1000):
            boards[ENTITY].bump()
            owner.refresh("board", guild, ENTITY)
            if i % 50 == 0:
                await anyio.lowlevel.checkpoint()  # let turns run in between, as refreshes from many handlers would
        await owner.system.quiesce()
    message = _only_message(local, channel)
    assert shown_version(message) == 1001
    assert 1 <= local.driver.edit_count(message["id"]) <= 3
    # Coalesced: the version is read once per turn, not per refresh, and rendered only by turns that edit.
    assert boards[ENTITY].reads < 20 and boards[ENTITY].renders <= local.driver.edit_count(message["id"]) + 1


async def test_a_projection_moved_away_and_back_posts_a_new_message_in_its_first_channel(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    first, guild = local.demo.general_channel_id, local.demo.guild_id
    other = local.driver.add_text_channel("elsewhere")
    async with _showing(db_pool, local) as (owner, boards):
        original = _only_message(local, first)
        boards[ENTITY].channel_id = other
        await _show(owner, boards, guild)
        boards[ENTITY].channel_id = first
        await _show(owner, boards, guild)
    # All within the nonce window: had the move back reused the first post's nonce, Discord would have returned
    # the old message (still there) instead of posting a new one.
    back = local.driver.channel_messages(first)
    assert [m["id"] for m in back][0] == original["id"] and len(back) == 2
    assert shown_version(back[1]) == 3
    assert len(local.driver.channel_messages(other)) == 1
    async with db_pool.acquire() as conn:
        stored = await fetch_projection(conn, f"board:{guild}:{ENTITY}")
    assert stored is not None
    assert (stored.channel_id, stored.message_id, stored.post_generation) == (first, back[1]["id"], 2)


async def test_a_deleted_message_is_posted_again_exactly_once_when_two_owners_race(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    boards = Boards(channel)
    async with (
        projection_owner(db_pool, local, [boards.kind()]) as first,
        projection_owner(db_pool, local, [boards.kind()]) as second,
    ):
        await _show(first, boards, guild)
        original = _only_message(local, channel)
        await local.driver.delete_message(channel, original["id"])
        boards[ENTITY].bump()
        for owner in (first, second, first, second):
            owner.refresh("board", guild, ENTITY)
        await first.system.quiesce()
        await second.system.quiesce()
    recreated = _only_message(local, channel)
    assert recreated["id"] != original["id"] and shown_version(recreated) == 2
    assert len(_requests(local, CREATE_ROUTE, 200)) == 2  # the first post and one recreation
    async with db_pool.acquire() as conn:
        stored = await fetch_projection(conn, f"board:{guild}:{ENTITY}")
    assert stored is not None and (stored.message_id, stored.rendered_version) == (recreated["id"], 2)


async def test_a_429_storm_loses_no_final_state_and_never_sends_a_stale_payload_after_a_newer_one(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    async with _showing(db_pool, local) as (owner, boards):
        storm = local.emulator.inject(429, method="PATCH", template=EDIT_ROUTE[1], times=4, retry_after=0.2)
        await _stream(owner, boards, guild, 40, pause=0.02)
    assert storm.times == 0
    sent = [body_version(r.body) for r in _requests(local, EDIT_ROUTE)]
    assert len(_requests(local, EDIT_ROUTE, 429)) == 4
    assert sent == sorted(sent)  # a retry re-renders the latest state; it never goes back
    assert shown_version(_only_message(local, channel)) == 41


async def test_two_owners_with_different_states_never_take_the_message_back_to_an_older_version(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    evens, odds = Boards(channel), Boards(channel)
    async with (
        projection_owner(db_pool, local, [evens.kind()], debounce_s=0.0, max_delay_s=None) as a,
        projection_owner(db_pool, local, [odds.kind()], debounce_s=0.0, max_delay_s=None) as b,
    ):
        async def run(owner: Owner, boards: Boards, first: int) -> None:
            for version in range(first, 31, 2):
                boards[ENTITY].bump(version)
                owner.refresh("board", guild, ENTITY)
                await anyio.sleep(0.01)

        async with anyio.create_task_group() as tg:
            tg.start_soon(run, a, evens, 2)
            tg.start_soon(run, b, odds, 1)
        await a.system.quiesce()
        await b.system.quiesce()
        sent_before = len(local.emulator.requests)
        odds[ENTITY].bump(29)  # an owner whose state is older than what is shown
        b.refresh("board", guild, ENTITY)
        await b.system.quiesce()
        assert len(local.emulator.requests) == sent_before
    ordered = sorted(
        (*_requests(local, CREATE_ROUTE, 200), *_requests(local, EDIT_ROUTE, 200)), key=lambda r: r.at
    )
    shown = [body_version(r.body) for r in ordered]
    assert shown == sorted(set(shown))  # strictly newer each time, whichever owner sent it
    assert shown_version(_only_message(local, channel)) == 30


async def test_forbidden_gives_up_the_turn_without_retrying(
    db_pool: asyncpg.Pool, local: LocalDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    async with _showing(db_pool, local) as (owner, boards):
        local.emulator.inject(403, method="PATCH", template=EDIT_ROUTE[1], times=1)
        with caplog.at_level(logging.WARNING, logger="gateway.projection"):
            await _show(owner, boards, guild)
        assert len(_requests(local, EDIT_ROUTE)) == 1
        assert shown_version(_only_message(local, channel)) == 1
        refusal = next(r for r in caplog.records if "may not show" in r.getMessage())
        assert log_field(refusal, "projection") == f"board:{guild}:{ENTITY}"
        await _show(owner, boards, guild)  # the next refresh tries again
    assert shown_version(_only_message(local, channel)) == 3


async def test_discord_unavailable_is_retried_with_backoff_until_the_state_is_shown(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    async with _showing(db_pool, local) as (owner, boards):
        local.emulator.inject(503, method="PATCH", template=EDIT_ROUTE[1], times=2)
        await _show(owner, boards, guild)
    assert [r.status for r in _requests(local, EDIT_ROUTE)] == [503, 503, 200]
    assert shown_version(_only_message(local, channel)) == 2


async def test_pinned_once_a_failed_pin_is_not_retried_and_a_gone_entity_shows_nothing(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    boards = Boards(channel)
    async with projection_owner(db_pool, local, [boards.kind(pin=True)]) as owner:
        local.emulator.inject(403, method="PUT", template="/channels/{channel_id}/pins/{message_id}", times=1)
        await _show(owner, boards, guild)
        await _show(owner, boards, guild)
        message = _only_message(local, channel)
        assert shown_version(message) == 2 and message["pinned"] is False
        async with db_pool.acquire() as conn:
            stored = await fetch_projection(conn, f"board:{guild}:{ENTITY}")
        assert stored is not None and stored.pin_attempted_at is not None and stored.pinned_at is None
        pins = [r for r in local.emulator.requests if r.method == "PUT" and "pins" in (r.template or "")]
        assert len(pins) == 1

        boards["gone"].gone = True
        owner.refresh("board", guild, "gone")
        await owner.system.quiesce()
    assert len(local.driver.channel_messages(channel)) == 1


async def test_a_steady_stream_edits_at_most_once_per_bucket_slot(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    channel, guild = local.demo.general_channel_id, local.demo.guild_id
    async with _showing(db_pool, local) as (owner, boards):
        await _stream(owner, boards, guild, 120, pause=0.025)
    edits = [r.at for r in _requests(local, EDIT_ROUTE, 200)]
    # The emulator's edit bucket is 5 per 5 s: one slot per second. Lower bounds only (a slow machine spaces
    # the edits further apart, never closer).
    assert all(later - earlier >= 0.9 for earlier, later in zip(edits, edits[1:], strict=False))
    assert shown_version(_only_message(local, channel)) == 121


async def test_many_projections_sharing_channels_all_end_on_their_last_state_without_a_429(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    guild = local.driver.guild
    second = local.emulator.world.add_channel(guild, "second", parent_id=local.demo.category_id)["id"]
    channels = [local.demo.general_channel_id, second]
    boards = {channel: Boards(channel) for channel in channels}
    kinds = [boards[channel].kind(f"board{i}") for i, channel in enumerate(channels)]
    entities = [f"e{i}" for i in range(6)]  # six per channel: more than one window of the 5-per-5-s buckets
    async with projection_owner(db_pool, local, kinds, db_slots=1) as owner:
        for _ in range(3):
            for i, channel in enumerate(channels):
                for entity in entities:
                    boards[channel][entity].bump()
                    owner.refresh(f"board{i}", guild.id, entity)
            await anyio.sleep(0.05)
        await owner.system.quiesce()
    for channel in channels:
        messages = local.driver.channel_messages(channel)
        assert [shown_version(m) for m in messages] == [3] * len(entities)  # every entity shows version 3
    assert local.emulator.stats.by_status.get(429, 0) == 0


async def test_a_turn_is_a_span_marked_with_its_outcome_and_logs_carry_the_projection_fields(
    db_pool: asyncpg.Pool, local: LocalDiscord
) -> None:
    guild = local.demo.guild_id
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    async with _showing(db_pool, local, tracer=provider.get_tracer("tests")) as (owner, boards):
        await _show(owner, boards, guild)
        await _show(owner, boards, guild, version=2)  # nothing new: skipped
    turns = [s for s in exporter.get_finished_spans() if s.name == "actor.turn projection"]
    assert [(s.attributes or {}).get("projection.action") for s in turns] == ["create", "edit", "skip"]
    assert [(s.attributes or {}).get("projection.version") for s in turns] == [1, 2, 2]
    fields = boards[ENTITY].log_fields[-1]
    assert (fields["feature"], fields["action"], fields["guild_id"]) == ("projection", "board", guild)
