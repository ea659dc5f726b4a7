"""Run the emulator alone: ``python -m gateway.emulator [--port 8089]``; logs the base URL and token."""

from __future__ import annotations

import argparse
import asyncio
import logging

from gateway.emulator._server import DiscordEmulator

logger = logging.getLogger("gateway.emulator")


async def _serve(host: str, port: int) -> None:
    emu = await DiscordEmulator().start(host, port)
    demo = emu.world.add_demo_guild()
    logger.warning(
        "Discord emulator ready: DISCORD_API_BASE=%s token=%s guild_id=%s",
        emu.api_base,
        emu.token,
        demo.guild_id,
    )
    try:
        await asyncio.Event().wait()
    finally:
        await emu.close()


def main() -> None:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(description="A loopback Discord for interactions.py")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    asyncio.run(_serve(args.host, args.port))


if __name__ == "__main__":
    main()
