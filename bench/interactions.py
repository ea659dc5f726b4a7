"""Benchmark: `/ping` through the Discord emulator at concurrency 64, our gateway vs stock interactions.py.

Run ``python -m bench.interactions [--seconds 8] [--concurrency 64]``. The emulator and the load generator run
in this process; each bot runs in its own subprocess (one after the other), so both get the same machine.
Ours answers ``/ping`` through :class:`gateway.DiscordGateway` (one callback carrying the reply); the stock
bot answers with the idiomatic ``ctx.send(..., ephemeral=True)`` (the callback, then ``GET @original``) under
interactions.py's defaults (its 45/s lock included); only ``Route.BASE`` points it at the emulator.

An acknowledgement is the interaction callback reaching the emulator. An interaction not acknowledged
within 3 s counts in ``acks_over_3s`` and enters the percentiles as 3,000 ms (the wait is cut there). The last
line printed is ``{"ours": {...}, "stock": {...}}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from gateway.emulator import ACK_DEADLINE, DiscordEmulator, Driver

logger = logging.getLogger("bench.interactions")
ROOT = Path(__file__).resolve().parent.parent


# -- the bots (subprocess side) --------------------------------------------------------------------


async def _serve_ours(token: str, api_base: str, guild_id: int) -> None:
    from gateway import DiscordGateway, GatewaySettings

    gw = DiscordGateway(GatewaySettings(token=token, guild_id=guild_id, api_base=api_base))
    await gw.start()
    print("READY", flush=True)
    await asyncio.Event().wait()


async def _serve_stock(token: str, api_base: str, guild_id: int) -> None:
    import interactions
    from interactions.api.http.route import Route

    Route.BASE = api_base
    bot = interactions.Client(token=token, debug_scope=guild_id)

    async def ping(ctx: interactions.SlashContext) -> None:
        await ctx.send("pong", ephemeral=True)  # the idiomatic reply: callback, then GET @original

    bot.add_command(interactions.SlashCommand(name="ping", description="ping", callback=ping))
    ready = asyncio.Event()

    async def on_startup(event: Any) -> None:
        ready.set()

    bot.add_listener(interactions.Listener.create("startup")(on_startup))
    task = asyncio.create_task(bot.astart())
    await ready.wait()
    print("READY", flush=True)
    await task


# -- the load (this process) -----------------------------------------------------------------------


async def _load(drv: Driver, seconds: float, concurrency: int) -> dict[str, Any]:
    latencies: list[float] = []
    over = 0
    done = 0
    stop_at = time.monotonic() + seconds

    async def worker() -> None:
        nonlocal over, done
        while time.monotonic() < stop_at:
            rec = await drv.run_command("alice", "ping")
            try:
                await asyncio.wait_for(rec.acked.wait(), ACK_DEADLINE)
            except TimeoutError:
                over += 1
                latencies.append(ACK_DEADLINE * 1000)
                continue
            lat = rec.ack_latency or 0.0
            if rec.late or lat > ACK_DEADLINE:
                over += 1
            else:
                done += 1
            latencies.append(lat * 1000)

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return 0.0
        return round(latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 2)

    return {
        "interactions_per_s": round(done / elapsed, 1),
        "ack_p50_ms": pct(50),
        "ack_p99_ms": pct(99),
        "acks_over_3s": over,
        "interactions": len(latencies),
        "mean_ms": round(statistics.fmean(latencies), 2) if latencies else 0.0,
    }


async def _run_one(kind: str, seconds: float, concurrency: int) -> dict[str, Any]:
    emu = DiscordEmulator(validate_schemas=os.environ.get("BENCH_VALIDATE", "1") == "1")
    emu.keep_request_log = False
    await emu.start()
    demo = emu.world.add_demo_guild()
    drv = Driver(emu, demo.guild_id, demo.general_channel_id)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.interactions",
        "--serve",
        kind,
        "--token",
        emu.token,
        "--api-base",
        emu.api_base,
        "--guild",
        demo.guild_id,
        cwd=str(ROOT),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), 60)
        if b"READY" not in line:
            raise RuntimeError(f"{kind} bot did not start: {line!r}")
        # Warm-up: a few sequential interactions so imports and caches are hot before measuring.
        for _ in range(5):
            rec = await drv.run_command("alice", "ping")
            await asyncio.wait_for(rec.acked.wait(), 10)
        await asyncio.sleep(1.1)  # let the stock bot's 1-second global window reset after the warm-up
        result = await _load(drv, seconds, concurrency)
        result["schema_violations"] = len(emu.violations)
        result["emulator_429s"] = emu.stats.by_status.get(429, 0)
        return result
    finally:
        proc.terminate()
        await proc.wait()
        await emu.close()


async def _main(seconds: float, concurrency: int) -> dict[str, Any]:
    ours = await _run_one("ours", seconds, concurrency)
    print(json.dumps({"ours": ours}), flush=True)
    stock = await _run_one("stock", seconds, concurrency)
    return {"ours": ours, "stock": stock}


def main() -> None:
    """Entry point for ``python -m bench.interactions``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--serve", choices=("ours", "stock"))
    parser.add_argument("--token")
    parser.add_argument("--api-base")
    parser.add_argument("--guild")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.serve == "ours":
        asyncio.run(_serve_ours(args.token, args.api_base, int(args.guild)))
    elif args.serve == "stock":
        asyncio.run(_serve_stock(args.token, args.api_base, int(args.guild)))
    else:
        result = asyncio.run(_main(args.seconds, args.concurrency))
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
