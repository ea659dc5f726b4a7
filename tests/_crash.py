"""Crash tests: ``together run`` as a child process over a test database and an emulator in the test's own
process, killed by a named failpoint (``TOGETHER_FAILPOINT``), then started again.

The emulator outlives every bot process, so what Discord saw across the crash (messages, channels) is counted
there. Leases are short (``LEASE_SECONDS``), so work a dead process held is taken over within seconds.
"""

from __future__ import annotations

import json
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import asyncpg

from gateway.emulator import LocalDiscord, start_local_emulator
from telemetry import FAILPOINT_ENV
from tests._waiting import PATIENCE, until
from tests.acceptance.config._support import configure, make_channels
from tests.acceptance.foundation._process import Child, child_env, free_port, start, wait_for

#: The lease of jobs and effects in the bot processes a crash test starts.
LEASE_SECONDS = 2


@dataclass
class CrashRig:
    """One emulator, one database, and the bot processes started over them."""

    local: LocalDiscord
    pool: asyncpg.Pool
    database_url: str
    workdir: Path
    port: int = field(default_factory=free_port)
    children: list[Child] = field(default_factory=list)

    def env(self, failpoints: str = "", **extra: str) -> dict[str, str]:
        settings = self.local.settings
        env = child_env(
            DATABASE_URL=self.database_url,
            HTTP_PORT=str(self.port),
            DISCORD_TOKEN=settings.token,
            DISCORD_APP_ID=str(settings.application_id),
            DISCORD_GUILD_ID=str(settings.guild_id),
            DISCORD_API_BASE=str(settings.api_base),
            SHUTDOWN_GRACE_SECONDS="5",
            LEASE_SECONDS=str(LEASE_SECONDS),
            **extra,
        )
        if failpoints:
            env[FAILPOINT_ENV] = failpoints
        return env

    async def configured_guild(self) -> dict[str, str]:
        """The emulator's guild set up the way ``/setup`` leaves it: its channels made and the bot configured with
        them; returns the channels by setting name."""
        channels = make_channels(self.local.driver)
        await configure(self.pool, self.local.driver.guild_id, channels)
        return channels

    async def start_bot(self, failpoints: str = "", **extra: str) -> Child:
        """Start ``together run`` (with ``failpoints`` armed) and wait until it is healthy."""
        child = start(self.env(failpoints, **extra), self.workdir)
        self.children.append(child)
        url = f"http://127.0.0.1:{self.port}/healthz"
        # wait_for blocks; the emulator serves on this thread's loop meanwhile.
        await anyio.to_thread.run_sync(lambda: wait_for(url, lambda b: b.get("ok") is True, timeout=PATIENCE))
        return child

    async def killed_at(self, child: Child, failpoint: str) -> None:
        """Wait for ``child`` to die by SIGKILL at ``failpoint`` (its last words name it)."""

        async def exited() -> int | None:
            return child.process.poll()

        assert await until(exited, f"the process to die at {failpoint}") == -signal.SIGKILL
        logs = [json.loads(line) for line in child.stdout_path.read_text().splitlines() if line.startswith("{")]
        assert any(line.get("failpoint") == failpoint for line in logs), f"{failpoint} was never reached"

    async def stop(self, child: Child) -> None:
        """SIGTERM and wait: it must stop cleanly."""
        code, _, stderr = await anyio.to_thread.run_sync(child.stop)
        assert code == 0, stderr

    def kill_all(self) -> None:
        for child in self.children:
            if child.process.poll() is None:
                child.process.kill()
                child.process.wait()

    async def effects_settled(self) -> bool:
        """Every recorded effect is sent, failed or dead: nothing is pending or held."""
        return not await self.pool.fetchval(
            "SELECT count(*) FROM scheduled_posts WHERE status IN ('pending', 'processing')"
        )


@asynccontextmanager
async def crash_rig(pool: asyncpg.Pool, database_url: str, workdir: Path) -> AsyncIterator[CrashRig]:
    """A :class:`CrashRig`; every bot process it started is killed and the emulator closed on the way out, and
    the emulator must have seen no protocol violation."""
    local = await start_local_emulator()
    rig = CrashRig(local=local, pool=pool, database_url=database_url, workdir=workdir)
    try:
        yield rig
        assert local.emulator.violations == []
    finally:
        rig.kill_all()
        await local.close()


def messages_with(local: LocalDiscord, channel_id: str, text: str) -> list[dict[str, Any]]:
    """The messages in ``channel_id`` whose text (content or components) contains ``text``."""
    return [m for m in local.driver.channel_messages(channel_id) if text in json.dumps(m, ensure_ascii=False)]
