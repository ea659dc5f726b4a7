"""Every interaction is answered, whatever a member's client sends: an unknown command, a button, select or modal
from an older version of a message (or of the bot), options of the wrong shape. Each gets a specific, localized,
ephemeral reply within Discord's 3 seconds, never the "try again later" apology, writes nothing (no row in any
table, nothing posted, created or edited in Discord) and logs no ERROR.

The explicit cases name what each reply says; the properties (hypothesis) feed random custom ids, option values
and modal fields through the whole bot and its real handlers.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

import asyncpg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from features.kernel._guild_settings import update_guild_settings
from features.mediator._ids import SAY_MODAL_ID
from features.mediator._say_render import SOURCE_INPUT_ID
from gateway import OptionRefusal, OutdatedControl
from gateway.emulator import InteractionRecord
from gateway.i18n import default_translator
from tests._bot import LiveBot, live_bot
from tests.acceptance._members import message_text, settled
from together._runtime import BotOptions

pytestmark = pytest.mark.anyio

TR = default_translator()
APOLOGIES = {TR.text(locale, "error.interaction_failed") for locale in ("ru", "en")}
#: Examples per property: enough to find a crash or a stray write, few enough for a suite of a few minutes.
EXAMPLES = 25
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
async def quiet(db_pool: asyncpg.Pool, database_url: str) -> AsyncIterator[LiveBot]:
    """The whole bot with cron off, so that only the interactions under test could write anything."""
    async with live_bot(db_pool, database_url, BotOptions(repair_step_seconds=1.0, run_cron=False)) as running:
        await settled(running)
        yield running


# -- what "answered, ephemeral, nothing written, no ERROR" means -------------------------------------------------


async def _snapshot(live: LiveBot) -> dict[str, Any]:
    """Every row of every table of the bot, and what Discord shows: channels, posted messages, edits."""
    async with live.pool.acquire() as conn:
        tables = [
            r["tablename"]
            for r in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '%yoyo%'"
            )
        ]
        rows = {t: sorted(repr(tuple(r)) for r in await conn.fetch(f'SELECT * FROM "{t}"')) for t in tables}
    world = live.driver.emu.world
    discord = {
        "channels": sorted(c["id"] for g in world.guilds.values() for c in g.channels.values()),
        "messages": {cid: sorted(msgs) for cid, msgs in world.messages.items()},
        "edits": sum(world.edit_counts.values()),
    }
    assert len(rows) > 10, "the snapshot found the bot's tables"
    return {"tables": rows, "discord": discord}


async def _answered_quietly(
    live: LiveBot, rec: InteractionRecord, before: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> str:
    """``rec`` was acknowledged in time with an ephemeral reply (not the apology), nothing changed, no ERROR was
    logged; returns the reply's text."""
    assert await live.driver.wait_ack(rec), "not acknowledged within 3 seconds"
    await settled(live)
    assert rec.ack_type in (4, 5), f"answered with callback type {rec.ack_type}, not an ephemeral message"
    world = live.driver.emu.world
    messages = [world.find_message(mid) for mid in [rec.original_message_id, *rec.followup_ids] if mid]
    assert messages and all(m is not None and int(m["flags"]) & 64 for m in messages), "a reply is not ephemeral"
    text = "\n".join(message_text(m) for m in messages if m is not None)
    assert text and text not in APOLOGIES, text
    assert await _snapshot(live) == before, "something was written"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    return text


def _old_message(live: LiveBot, custom_id: str, *, select: bool = False) -> str:
    """A message an earlier version of the bot posted in the general channel, with one button (or select)."""
    control: dict[str, Any] = (
        {"type": 3, "custom_id": custom_id, "options": [{"label": "a", "value": "a"}, {"label": "b", "value": "b"}]}
        if select
        else {"type": 2, "style": 1, "label": "Open", "custom_id": custom_id}
    )
    body = {"content": "old", "components": [{"type": 1, "components": [control]}]}
    return live.driver.place_message(live.local.demo.general_channel_id, body)


async def _english(live: LiveBot) -> None:
    """The guild is configured in English while Discord (and every member's client here) says Russian."""
    async with live.pool.acquire() as conn:
        await update_guild_settings(conn, live.local.demo.guild_id, {"locale": "en"})
    live.runtime.guilds.invalidate(live.local.demo.guild_id)


def _sub(name: str, options: Sequence[Mapping[str, Any]], *, group: str | None = None) -> list[dict[str, Any]]:
    leaf = {"type": 1, "name": name, "options": list(options)}
    return [{"type": 2, "name": group, "options": [leaf]}] if group else [leaf]


# -- explicit cases --------------------------------------------------------------------------------------------


async def test_an_unknown_command_is_told_it_no_longer_exists_in_the_configured_language(
    quiet: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    await _english(quiet)
    before = await _snapshot(quiet)
    # /horoscope belonged to the earlier version: a client that cached it may still send it.
    rec = await quiet.driver.send_command("alice", "horoscope", locale="ru")
    assert await _answered_quietly(quiet, rec, before, caplog) == TR.text("en", "error.unknown_command")


async def test_zzz_and_an_old_messages_button_are_from_an_older_version(
    quiet: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    driver = quiet.driver
    outdated = TR.text("ru", "error.outdated_button")
    zzz = _old_message(quiet, "zzz")
    # The earlier version's envelope: no feature of this version answers to it, so no way forward is offered.
    legacy_id = "tb|1|duel|open_submit_modal|eyJkIjoiMSJ9"
    legacy = _old_message(quiet, legacy_id)
    # A /say button of an action this version no longer has: /say's way forward comes with it.
    removed = _old_message(quiet, "t1:say:regenerate:AAAAAAAAAAAAAAAAAAAAAA")
    before = await _snapshot(quiet)
    assert await _answered_quietly(quiet, await driver.click("alice", zzz, "zzz"), before, caplog) == outdated
    assert await _answered_quietly(quiet, await driver.click("owner", legacy, legacy_id), before, caplog) == outdated
    say = await driver.click("alice", removed, "t1:say:regenerate:AAAAAAAAAAAAAAAAAAAAAA")
    assert await _answered_quietly(quiet, say, before, caplog) == OutdatedControl(
        "error.outdated_button", hint="say.hint.outdated"
    ).text("ru", TR)
    menu = _old_message(quiet, "t1:date:mood:x", select=True)
    before = await _snapshot(quiet)
    picked = await driver.select("alice", menu, "t1:date:mood:x", ["a"])
    assert await _answered_quietly(quiet, picked, before, caplog) == OutdatedControl(
        "error.outdated_select", hint="date.hint.outdated"
    ).text("ru", TR)


async def test_an_unknown_modal_is_from_an_older_version_of_the_bot(
    quiet: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    await _english(quiet)
    before = await _snapshot(quiet)
    zzz = await quiet.driver.submit_stale_modal("alice", "zzz", {"answer": "hello"})
    assert await _answered_quietly(quiet, zzz, before, caplog) == TR.text("en", "error.outdated_modal")
    duel = await quiet.driver.submit_stale_modal("alice", "t1:duel:answer_form:x", {"answer": "hello"})
    assert await _answered_quietly(quiet, duel, before, caplog) == OutdatedControl(
        "error.outdated_modal", hint="duel.hint.outdated"
    ).text("en", TR)


async def test_text_where_a_member_belongs_is_refused_naming_the_option(
    quiet: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    driver = quiet.driver
    before = await _snapshot(quiet)
    options = [{"type": 6, "name": "member1", "value": "alice"}, {"type": 6, "name": "member2",
                                                                   "value": driver.user_id("bob")}]
    rec = await driver.send_command("owner", "pair", _sub("create", options))
    expected = OptionRefusal("error.option.user", option="member1", command="pair create").text("ru", TR)
    assert await _answered_quietly(quiet, rec, before, caplog) == expected


async def test_ten_to_the_thirtieth_minutes_is_refused_as_out_of_range(
    quiet: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    await _english(quiet)
    before = await _snapshot(quiet)
    for value in (10**30, "1" * 40, "ten"):
        options = [{"type": 4, "name": "duration_minutes", "value": value}]
        rec = await quiet.driver.send_command("owner", "duel", _sub("start", options, group="round"))
        expected = OptionRefusal("error.option.integer", option="duration_minutes", command="duel round start")
        assert await _answered_quietly(quiet, rec, before, caplog) == expected.text("en", TR), value


async def test_a_missing_required_option_and_a_stale_shape_are_named(
    quiet: LiveBot, caplog: pytest.LogCaptureFixture
) -> None:
    driver = quiet.driver
    before = await _snapshot(quiet)
    only_one = [{"type": 6, "name": "member1", "value": driver.user_id("alice")}]
    rec = await driver.send_command("owner", "pair", _sub("create", only_one))
    expected = OptionRefusal("error.option.missing", option="member2", command="pair create").text("ru", TR)
    assert await _answered_quietly(quiet, rec, before, caplog) == expected
    # An option the command no longer declares: the member's client loaded an older shape of it.
    stale = [{"type": 3, "name": "partner", "value": "bob"}]
    rec = await driver.send_command("owner", "pair", _sub("room", stale))
    assert await _answered_quietly(quiet, rec, before, caplog) == TR.text("ru", "error.option.unknown")


# -- properties ------------------------------------------------------------------------------------------------

#: Prefixes that reach the real handlers (each feature's own), the earlier version's envelope, and nothing.
_PREFIXES = (
    "t1:setup:", "t1:setup:pick:", "t1:say:tone:", "t1:say:send:", "t1:say:", "t1:pair_home:", "t1:date:energy:",
    "t1:date:generate:", "t1:date:save:", "t1:date:", "t1:duel:answer:", "t1:duel:", "t1:duel_board:", "t1:",
    "tb|1|", "",
)
_TOKEN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:", max_size=60)
_CUSTOM_IDS = st.one_of(
    st.text(min_size=1, max_size=100),
    st.builds(lambda prefix, tail: (prefix + tail)[:100], st.sampled_from(_PREFIXES), _TOKEN),
).filter(bool)
_WHO = st.sampled_from(["owner", "alice"])


@PROPERTY
@given(who=_WHO, custom_id=_CUSTOM_IDS, select=st.booleans(), pick=st.sampled_from(["a", "b"]))
async def test_any_button_or_select_is_answered_quietly(
    quiet: LiveBot, caplog: pytest.LogCaptureFixture, who: str, custom_id: str, select: bool, pick: str
) -> None:
    message = _old_message(quiet, custom_id, select=select)
    before = await _snapshot(quiet)
    caplog.clear()
    driver = quiet.driver
    rec = await (driver.select(who, message, custom_id, [pick]) if select else driver.click(who, message, custom_id))
    await _answered_quietly(quiet, rec, before, caplog)


_FIELD_IDS = st.text(min_size=1, max_size=30).filter(lambda f: f != SOURCE_INPUT_ID)


@PROPERTY
@given(
    who=_WHO,
    custom_id=st.one_of(_CUSTOM_IDS, st.just(SAY_MODAL_ID), st.builds("t1:duel:submit:{}".format, _TOKEN)),
    fields=st.dictionaries(_FIELD_IDS, st.text(max_size=300), max_size=3),
)
async def test_any_modal_submission_is_answered_quietly(
    quiet: LiveBot, caplog: pytest.LogCaptureFixture, who: str, custom_id: str, fields: dict[str, str]
) -> None:
    before = await _snapshot(quiet)
    caplog.clear()
    rec = await quiet.driver.submit_stale_modal(who, custom_id, fields)
    await _answered_quietly(quiet, rec, before, caplog)


_SNOWFLAKE = st.integers(min_value=0, max_value=2**64 - 1).map(str)
_VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.integers(min_value=-1000, max_value=1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    _SNOWFLAKE,
    st.just("x" * 6001),
    st.lists(st.integers(), max_size=2),
)


def _leaf_commands(live: LiveBot) -> list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]:
    """Every registered (sub)command that declares options: its name, the subcommands leading to its options
    (outermost first) and those options' declarations."""
    found: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]] = []

    def walk(name: str, path: list[dict[str, Any]], options: list[dict[str, Any]]) -> None:
        subs = [o for o in options if o["type"] in (1, 2)]
        if not subs and options:
            found.append((name, path, options))
        for sub in subs:
            walk(name, [*path, sub], list(sub.get("options") or []))

    for command in live.driver.emu.world.commands.get(live.local.demo.guild_id, []):
        walk(command["name"], [], list(command.get("options") or []))
    assert len(found) >= 5
    return found


def _nest(path: list[dict[str, Any]], leaves: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for sub in reversed(path):
        leaves = [{"type": sub["type"], "name": sub["name"], "options": leaves}]
    return leaves


#: Per declared option (the commands here declare at most two): sent or not, as which type (None: the declared
#: one), with which value.
_OPTION_PLANS = st.lists(
    st.tuples(st.booleans(), st.sampled_from([None, None, 3, 4, 6, 7, 10]), _VALUES), min_size=3, max_size=3
)


@PROPERTY
@given(
    who=_WHO,
    which=st.integers(min_value=0, max_value=1000),
    plans=_OPTION_PLANS,
    ghost=st.none() | _VALUES,
)
async def test_any_option_values_are_answered_quietly(
    quiet: LiveBot,
    caplog: pytest.LogCaptureFixture,
    who: str,
    which: int,
    plans: list[tuple[bool, int | None, Any]],
    ghost: Any,
) -> None:
    # Everything is drawn before the example runs: a draw inside an async test could stop it mid-loop.
    commands = _leaf_commands(quiet)
    name, path, declared = commands[which % len(commands)]
    leaves = [
        {"type": kind or option["type"], "name": option["name"], "value": value}
        for option, (send, kind, value) in zip(declared, plans, strict=False)
        if send
    ]
    if ghost is not None:
        leaves.append({"type": 3, "name": "ghost", "value": ghost})
    before = await _snapshot(quiet)
    caplog.clear()
    rec = await quiet.driver.send_command(who, name, _nest(path, leaves))
    await _answered_quietly(quiet, rec, before, caplog)
