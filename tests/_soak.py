"""The soak: bot processes killed at random while members use every feature that causes an external effect.

One emulator (Discord) and one database outlive a sequence of ``together run`` processes (:mod:`tests._crash`).
Each process is started either with one of the flows' failpoints armed (``effect.<kind>.before_call`` or
``after_call``, ``projection.before_post`` or ``after_post``: it dies by SIGKILL there the first time it gets
there) or plain, and then SIGKILLed at a random moment. Meanwhile a load of operations runs through the real
paths: members' commands, clicks and modals through the emulator (as the acceptance tests drive them), and
``record_effect`` for public posts. After the last kill a clean process runs until every effect settled, and
:mod:`tests._soak_audit` counts each effect once, twice or never from the outbox rows and what the emulator holds.

The flows are a list (:data:`FLOWS`; :data:`DEFAULT_FLOWS` are those the CI soak drives). Each drives a member
path whatever it is built on: what it posts counts in the audit as an outbox effect (its nonce), and the rooms
and round notices it makes are checked besides (orphan rooms, one notice per pair and round, one Pair Home
panel per room). A feature that starts causing effects adds its flow here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import random
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from features.kernel import Effect, produce_post
from gateway.emulator import InteractionRecord
from gateway.i18n import default_translator
from tests._crash import LEASE_SECONDS, CrashRig
from tests._soak_audit import Downtime, EffectRow, Observed, PostedMessage, SoakAudit, audit
from tests._waiting import until
from tests.acceptance.config._support import configure, make_channels
from tests.acceptance.foundation._process import Child, get_json, start

#: The text every ``/say`` of the soak rewrites.
SAY_TEXT: Final = "I feel hurt when you are late and do not tell me"
#: How long a member waits for the bot to acknowledge one step before giving that operation up (the bot may
#: have died under it).
STEP_PATIENCE: Final = 3.0
#: How long a process armed with a failpoint may run without reaching it before it is killed anyway.
FAILPOINT_PATIENCE: Final = 6.0
#: The steps of an effect a process may be killed at (``effect.<kind>.<step>``).
EFFECT_STEPS: Final = ("before_call", "after_call")
#: A plain process is SIGKILLed after a random time in this range (seconds after it is healthy).
KILL_AFTER: Final = (0.2, 3.0)


@dataclass
class SoakWorld:
    """What the flows act on: the rig, the configured guild, the pairs made so far, and counts of operations."""

    rig: CrashRig
    guild_id: str
    category_id: str
    #: Text channels the bot may post in (the configured ones).
    text_channels: list[str]
    #: Channels of the pair category before the soak (the rest are rooms the bot created).
    initial_category_channels: frozenset[str]
    started: Counter[str] = field(default_factory=Counter)
    completed: Counter[str] = field(default_factory=Counter)
    numbers: itertools.count[int] = field(default_factory=itertools.count)

    async def pairs(self) -> list[tuple[str, str, str]]:
        """Every pair as (member, member, room)."""
        rows = await self.rig.pool.fetch("SELECT user_low, user_high, private_channel_id FROM pairs")
        return [(r["user_low"], r["user_high"], r["private_channel_id"]) for r in rows]

    def new_member(self) -> str:
        world = self.rig.local.emulator.world
        uid = world.add_user(f"soak{next(self.numbers)}")
        world.add_member(world.guilds[self.guild_id], uid)
        return uid


#: One operation of a flow: act as a member (or record an effect) once; False when a step was not answered.
Act = Callable[[SoakWorld, random.Random], Awaitable[bool]]
#: Counts of messages a flow posts at most once each, keyed by what they are for.
Singletons = Callable[[SoakWorld], dict[str, int]]


@dataclass(frozen=True)
class Flow:
    """A feature path that causes external effects, driven as the soak's load."""

    name: str
    act: Act
    #: Failpoints on this flow's way to Discord; a process may be started with one of them armed.
    failpoints: tuple[str, ...] = ()
    #: Needs pairs with rooms (made before the first kill) and, for rounds, a running duel.
    needs_pairs: bool = False
    needs_duel: bool = False
    singletons: Singletons | None = None


async def step(rig: CrashRig, rec: InteractionRecord) -> bool:
    """Wait for the bot to acknowledge ``rec`` (False when it did not in time: it may have died)."""
    return await rig.local.driver.wait_ack(rec, within=STEP_PATIENCE)


# -- the flows --------------------------------------------------------------------------------------------


async def _public_post(world: SoakWorld, rng: random.Random) -> bool:
    async with world.rig.pool.acquire() as conn, conn.transaction():
        await produce_post(
            conn, guild_id=world.guild_id, kind="setup_test", channel_id=rng.choice(world.text_channels),
            payload={}, key=f"soak-post:{next(world.numbers)}",
        )
    return True


async def _setup_panel(world: SoakWorld, rng: random.Random) -> bool:
    driver = world.rig.local.driver
    rec = await driver.run_command("owner", "setup start", channel_id=rng.choice(world.text_channels))
    return await step(world.rig, rec)


async def _pair_room(world: SoakWorld, rng: random.Random) -> bool:
    driver = world.rig.local.driver
    first, second = world.new_member(), world.new_member()
    rec = await driver.run_command("owner", "pair create", {"member1": first, "member2": second})
    return await step(world.rig, rec)


#: Rounds one soak operation at a time: the next may only close a round whose notices all went out.
_ROUNDS = asyncio.Lock()
# A round lasts minutes for real; the soak ends it early, but only once none of its notices is still on its way
# (a notice for a round that no longer takes answers is refused by design, which is not what the soak tests).
_CLOSE_SETTLED_ROUND = """
UPDATE duel_rounds SET started_at = now() - interval '1 minute', ends_at = now()
WHERE status = 'active' AND NOT EXISTS (
    SELECT 1 FROM scheduled_posts WHERE kind = 'duel_round_notice' AND status IN ('pending', 'processing')
)
"""


async def _duel_round(world: SoakWorld, rng: random.Random) -> bool:
    """End the open round now (as its close job would at its end), then start the next one."""
    pool = world.rig.pool
    async with _ROUNDS:
        await pool.execute(_CLOSE_SETTLED_ROUND)
        await pool.execute("UPDATE jobs SET run_at = now() WHERE name = 'duel.round.close' AND state = 'queued'")
        await pool.execute("SELECT pg_notify('together_jobs', '* ' || extract(epoch FROM now())::text)")
        rec = await world.rig.local.driver.run_command("owner", "duel round start", {"duration_minutes": 5})
        return await step(world.rig, rec)


async def _say(world: SoakWorld, rng: random.Random) -> bool:
    """A member writes through ``/say``, then sends the draft to the pair room."""
    driver = world.rig.local.driver
    pairs = await world.pairs()
    if not pairs:
        return False
    who = rng.choice(pairs)[rng.randrange(2)]
    opened = await driver.run_command(who, "say")
    if not await step(world.rig, opened) or opened.modal is None:
        return False
    submitted = await driver.submit_modal(who, opened, {"source": SAY_TEXT})
    if not await step(world.rig, submitted):
        return False

    async def card_shown() -> dict[str, Any] | None:
        return driver.original(submitted)

    card = await until(card_shown, "the /say card", patience=STEP_PATIENCE)
    assert card is not None
    send = next((cid for cid in _custom_ids(card) if cid.startswith("t1:say:send:")), None)
    if send is None:
        return False
    return await step(world.rig, await driver.click(who, card["id"], send))


async def _repair(world: SoakWorld, rng: random.Random) -> bool:
    pairs = await world.pairs()
    if not pairs:
        return False
    pair = rng.choice(pairs)
    rec = await world.rig.local.driver.run_command(pair[rng.randrange(2)], "repair", channel_id=pair[2])
    return await step(world.rig, rec)


def _round_notices(world: SoakWorld) -> dict[str, int]:
    """Round notices per round and pair (the answer button names both): one each. The pair's Home panel
    carries the same button, so it is left out."""
    return Counter(
        cid
        for message in _bot_messages(world)
        if not _is_home_panel(message)
        for cid in set(_custom_ids(message))
        if cid.startswith("t1:duel:answer:")
    )


def _is_home_panel(message: dict[str, Any]) -> bool:
    """A Pair Home panel (its heading; the soak's guild speaks English)."""
    title = f"## {default_translator().text('en', 'pair_home.title')}"
    return any(
        str(c.get("content", "")).startswith(title) for c in _components(message) if c.get("type") == 10
    )


def _home_panels(world: SoakWorld) -> dict[str, int]:
    """Pair Home panels per room (the projection's first post): one each."""
    return Counter(
        f"pair home in {message['channel_id']}"
        for message in _bot_messages(world)
        if _is_home_panel(message)
    )


def effect_failpoints(kind: str) -> tuple[str, ...]:
    """The failpoints of an effect kind: before and after its Discord call."""
    return tuple(f"effect.{kind}.{where}" for where in EFFECT_STEPS)


#: Every flow the soak can drive, by name.
FLOWS: Final[dict[str, Flow]] = {
    flow.name: flow
    for flow in (
        Flow("public_post", _public_post, failpoints=effect_failpoints("setup_test")),
        Flow("setup_panel", _setup_panel, failpoints=effect_failpoints("setup_panel")),
        Flow("pair_room", _pair_room, failpoints=effect_failpoints("pair_room"), singletons=_home_panels),
        # A new pair's Home panel is its projection's first post (a nonce keyed by its generation, no outbox row).
        Flow("projection_first_post", _pair_room, failpoints=("projection.before_post", "projection.after_post"),
             singletons=_home_panels),
        Flow("duel_round_notice", _duel_round, failpoints=effect_failpoints("duel_round_notice"), needs_pairs=True,
             needs_duel=True, singletons=_round_notices),
        Flow("say_send", _say, failpoints=effect_failpoints("say_send"), needs_pairs=True),
        Flow("repair_start", _repair, failpoints=effect_failpoints("repair_start"), needs_pairs=True),
    )
}
#: The flows the CI soak drives: every one, now that each goes through the outbox (or a post nonce) on main.
DEFAULT_FLOWS: Final = tuple(FLOWS)


# -- the run ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SoakReport:
    """What a soak run did and what the audit found."""

    kills: int
    kills_at_failpoint: int
    flows: tuple[str, ...]
    operations: dict[str, int]
    answered: dict[str, int]
    verdict: SoakAudit

    def as_dict(self) -> dict[str, Any]:
        return {
            "kills": self.kills,
            "kills_at_failpoint": self.kills_at_failpoint,
            "flows": list(self.flows),
            **self.verdict.as_dict(),
            "operations": self.operations,
            "answered": self.answered,
        }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def prepare(rig: CrashRig, flows: Sequence[Flow]) -> SoakWorld:
    """Configure the guild (every channel, English) and, with a clean process, make what the flows need."""
    driver = rig.local.driver
    channels = make_channels(driver)
    category = channels["pair_category_id"]
    await configure(rig.pool, driver.guild_id, {**channels, "locale": "en"})
    world = SoakWorld(
        rig=rig, guild_id=driver.guild_id, category_id=category,
        text_channels=[cid for key, cid in channels.items() if key != "pair_category_id"],
        initial_category_channels=frozenset(c["id"] for c in driver.channels(parent_id=category)),
    )
    if any(flow.needs_pairs or flow.needs_duel for flow in flows):
        child = await rig.start_bot()
        for _ in range(2):
            assert await _pair_room(world, random.Random(0)), "a pair for the soak was not created"
        await until(lambda: _count(rig, "SELECT count(*) FROM pairs", 2), "the soak's two pairs")
        if any(flow.needs_duel for flow in flows):
            started = await driver.run_command("owner", "duel start", {"public_channel": world.text_channels[0]})
            assert await step(rig, started)
            await until(lambda: _count(rig, "SELECT count(*) FROM duels", 1), "the soak's duel")
        await rig.stop(child)
    return world


async def _count(rig: CrashRig, sql: str, at_least: int) -> bool:
    return int(await rig.pool.fetchval(sql)) >= at_least


class Load:
    """Operations of random flows, one every ``pace`` seconds on average, each as its own task."""

    def __init__(self, world: SoakWorld, flows: Sequence[Flow], rng: random.Random, pace: float) -> None:
        self._world, self._flows, self._rng, self._pace = world, flows, rng, pace
        self._tasks: set[asyncio.Task[None]] = set()
        self._stop = asyncio.Event()

    async def run(self) -> None:
        while not self._stop.is_set():
            flow = self._rng.choice(self._flows)
            task = asyncio.create_task(self._one(flow, random.Random(self._rng.random())))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            try:
                await asyncio.wait_for(self._stop.wait(), self._pace * self._rng.uniform(0.5, 1.5))
            except TimeoutError:
                pass

    async def stop(self) -> None:
        """Stop starting operations and let those in flight finish (each gives up within its patience)."""
        self._stop.set()
        if self._tasks:
            await asyncio.gather(*self._tasks)

    async def _one(self, flow: Flow, rng: random.Random) -> None:
        self._world.started[flow.name] += 1
        try:
            done = await flow.act(self._world, rng)
        except (AssertionError, LookupError, TimeoutError):
            # A step the bot never answered (it died under it) or a message it never posted: the operation
            # is abandoned, as a member would; whatever it committed is still audited.
            done = False
        if done:
            self._world.completed[flow.name] += 1


async def _start(rig: CrashRig, failpoints: str) -> tuple[Child, dt.datetime | None]:
    """Start a process and wait until it is healthy or dead (armed, it may die at its failpoint while starting,
    performing an effect that was due before it came up); the process and when it was healthy (None: never)."""
    child = start(rig.env(failpoints), rig.workdir)
    rig.children.append(child)
    url = f"http://127.0.0.1:{rig.port}/healthz"

    async def healthy_or_dead() -> bool:
        if child.process.poll() is not None:
            return True
        try:
            _, body = await asyncio.to_thread(get_json, url)
        except (OSError, ValueError):
            return False
        return body.get("ok") is True

    await until(healthy_or_dead, "the process healthy (or dead at its failpoint)")
    return child, None if child.process.poll() is not None else _now()


@dataclass(frozen=True)
class Life:
    """One killed process: when it was healthy (None: it died starting), when it died, and whether its
    failpoint killed it."""

    up: dt.datetime | None
    died: dt.datetime
    at_failpoint: bool


async def _kill_one(rig: CrashRig, failpoints: Sequence[str], rng: random.Random) -> Life:
    """Start a process (with a random effect failpoint armed, or plain) and see it killed."""
    armed = rng.choice(failpoints) if failpoints and rng.random() < 0.5 else ""
    child, up = await _start(rig, armed)
    if armed:
        try:
            await until(_exited(child.process), f"the process to reach {armed}", patience=FAILPOINT_PATIENCE)
        except AssertionError:
            pass  # the load did not reach that step in time: killed below like a plain one
    else:
        await asyncio.sleep(rng.uniform(*KILL_AFTER))
    at_failpoint = child.process.poll() is not None
    if not at_failpoint:
        child.process.kill()
    await asyncio.to_thread(child.process.wait)
    return Life(up=up, died=_now(), at_failpoint=at_failpoint)


def _exited(process: Any) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return process.poll() is not None

    return probe


async def soak(
    rig: CrashRig, *, kills: int, seed: int, flows: Sequence[str] = DEFAULT_FLOWS, pace: float = 0.4,
    baseline_seconds: float = 0.0,
) -> SoakReport:
    """Run the load through ``kills`` killed processes (or, with no kills, through one process for
    ``baseline_seconds``), settle with a clean process and audit."""
    chosen = [FLOWS[name] for name in flows]
    rng = random.Random(seed)
    world = await prepare(rig, chosen)
    failpoints = [name for flow in chosen for name in flow.failpoints]
    load = Load(world, chosen, random.Random(rng.random()), pace)
    downtime: list[Downtime] = []
    at_failpoint = 0
    if kills:
        runner = asyncio.create_task(load.run())
        down_since = _now()
        for _ in range(kills):
            life = await _kill_one(rig, failpoints, rng)
            at_failpoint += life.at_failpoint
            if life.up is not None:
                # From the last death until this process was healthy nobody could perform anything; one that
                # died starting leaves the span open.
                downtime.append(Downtime(down_since, life.up))
                down_since = life.died
        await load.stop()
        await runner
        survivor, _ = await _start(rig, "")
        downtime.append(Downtime(down_since, _now()))
    else:
        survivor = await rig.start_bot()
        runner = asyncio.create_task(load.run())
        await asyncio.sleep(baseline_seconds)
        await load.stop()
        await runner
    await until(rig.effects_settled, "every effect sent, failed or dead")
    await _quiet(rig)
    verdict = audit(await observe(world, chosen, downtime))
    await rig.stop(survivor)
    return SoakReport(
        kills=kills, kills_at_failpoint=at_failpoint, flows=tuple(flows),
        operations=dict(world.started), answered=dict(world.completed), verdict=verdict,
    )


async def _quiet(rig: CrashRig) -> None:
    """Let the last requests land: until a second passes with no request to the emulator."""
    emulator = rig.local.emulator
    seen = -1
    while seen != emulator.stats.requests:
        seen = emulator.stats.requests
        await asyncio.sleep(1.0)


# -- what the audit reads ---------------------------------------------------------------------------------


def _bot_messages(world: SoakWorld) -> list[dict[str, Any]]:
    emulator = world.rig.local.emulator.world
    return [
        message
        for channel in emulator.guilds[world.guild_id].channels
        for message in emulator.messages.get(channel, {}).values()
        if message["author"]["id"] == emulator.bot_id
    ]


def _components(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component of a message, nested ones and accessories included."""
    found: list[dict[str, Any]] = []
    stack = list(message.get("components") or [])
    while stack:
        component = stack.pop()
        found.append(component)
        stack.extend(component.get("components") or [])
        if isinstance(component.get("accessory"), dict):
            stack.append(component["accessory"])
    return found


def _custom_ids(message: dict[str, Any]) -> list[str]:
    return [str(c["custom_id"]) for c in _components(message) if c.get("custom_id")]


async def observe(world: SoakWorld, flows: Sequence[Flow], downtime: Sequence[Downtime]) -> Observed:
    """Read the outbox, the pairs and the emulator for the audit."""
    pool = world.rig.pool
    rows = []
    for row in await pool.fetch("SELECT * FROM scheduled_posts"):
        effect = Effect.from_row(row)
        settled = row["sent_at"] if effect.status == "sent" else row["updated_at"] if effect.done else None
        rows.append(
            EffectRow(id=str(effect.id), kind=effect.kind, status=effect.status, nonce=effect.nonce,
                      due_at=row["scheduled_for"], settled_at=settled, result=effect.result)
        )
    emulator = world.rig.local.emulator.world
    guild = emulator.guilds[world.guild_id]
    messages = [
        PostedMessage(id=m["id"], channel_id=m["channel_id"], nonce=None if m.get("nonce") is None else str(m["nonce"]))
        for m in _bot_messages(world)
    ]
    rooms = {c["id"] for c in guild.channels.values() if c.get("parent_id") == world.category_id}
    pair_rooms = {str(r["private_channel_id"]) for r in await pool.fetch("SELECT private_channel_id FROM pairs")}
    singletons: dict[str, int] = {}
    for probe in {flow.singletons for flow in flows if flow.singletons is not None}:
        singletons.update(probe(world))
    return Observed(
        effects=rows, messages=messages, channels=frozenset(guild.channels),
        rooms=frozenset(rooms - world.initial_category_channels), pair_rooms=frozenset(pair_rooms),
        singletons=singletons, downtime=downtime, lease_seconds=LEASE_SECONDS, now=_now(),
    )


def report_line(report: SoakReport) -> str:
    """The report as one JSON line."""
    return json.dumps(report.as_dict())
