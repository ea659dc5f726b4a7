"""``together projections rebuild`` against the running bot: the Pair Home panel, showing its current version
(a plain refresh leaves it alone), is edited again in place by a rebuild, and a deleted panel is posted again."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
import pytest
from click.testing import CliRunner, Result

from tests._bot import LiveBot
from tests.acceptance.pairs._flows import configure, eventually, make_pair, text_of
from together.cli_jobs import make_jobs_group
from together.cli_projections import make_projections_group

pytestmark = pytest.mark.anyio


async def _invoke(group: Any, args: list[str]) -> Result:
    """Run a CLI command as an operator would, off the bot's event loop (the CLI runs its own)."""
    result: Result = await anyio.to_thread.run_sync(lambda: CliRunner().invoke(group, args))
    assert result.exit_code == 0, result.output
    return result


async def _refreshes_settled(live: LiveBot) -> None:
    async with asyncio.timeout(30):
        while await live.pool.fetchval(  # noqa: ASYNC110
            "SELECT count(*) FROM jobs WHERE name = 'pair.home.refresh' AND state <> 'done'"
        ):
            await asyncio.sleep(0.05)


async def test_a_rebuild_edits_the_current_panel_again_and_reposts_a_deleted_one(
    live: LiveBot, database_url: str
) -> None:
    guild = live.local.demo.guild_id
    await configure(live, pair_category_id=live.local.demo.category_id, locale="en")
    room = await make_pair(live, "alice", "bob")

    async def panel() -> dict[str, Any] | None:
        panels = [m for m in live.driver.channel_messages(room) if "Pair Home" in text_of(m)]
        return panels[0] if len(panels) == 1 and panels[0].get("pinned") else None

    message = await eventually(panel, what="the pinned Pair Home panel")
    pair_id = str(await live.pool.fetchval("SELECT id FROM pairs WHERE private_channel_id = $1", room))
    key = f"pair_home:{guild}:{pair_id}"
    await _refreshes_settled(live)
    shown = "SELECT rendered_version FROM projection_messages WHERE projection_key = $1"
    version = await live.pool.fetchval(shown, key)
    edits = live.driver.edit_count(message["id"])

    # A plain refresh finds the current version shown and sends nothing.
    jobs = make_jobs_group(lambda: database_url)
    await _invoke(jobs, ["send", "pair.home.refresh", "--guild", guild, "--json", f'{{"pair_id": "{pair_id}"}}'])
    await _refreshes_settled(live)
    assert live.driver.edit_count(message["id"]) == edits

    projections = make_projections_group(lambda: database_url)
    rebuilt = await _invoke(projections, ["rebuild", "pair_home", "--guild", guild, "--entity", pair_id])
    assert key in rebuilt.output
    await _refreshes_settled(live)
    assert live.driver.edit_count(message["id"]) == edits + 1
    assert await live.pool.fetchval(shown, key) == version
    again = await panel()
    assert again is not None and again["id"] == message["id"]  # the same message, edited in place

    # Deleted by hand: a rebuild of every pair_home projection of the guild posts it again, once.
    await live.driver.delete_message(room, message["id"])
    await _invoke(projections, ["rebuild", "pair_home", "--guild", guild])
    await _refreshes_settled(live)
    reposted = await eventually(panel, what="the Pair Home panel posted again")
    assert reposted["id"] != message["id"]
    listed = await _invoke(projections, ["list", "--guild", guild])
    assert reposted["id"] in listed.output
