"""/admin status and doctor at their longest (every channel configured, the bot refused everywhere, Russian):
longer than one Discord message, the report comes in several, and no finding or hint is cut off."""

from __future__ import annotations

import pytest

from features.kernel._permissions import Permission
from gateway.emulator import InteractionRecord
from gateway.i18n import default_translator
from tests._bot import LiveBot
from tests.acceptance._members import eventually, settled
from tests.acceptance.config._support import configure, make_channels, reply_text

pytestmark = pytest.mark.anyio

#: Every permission the bot's checks ask for, withheld at once.
EVERYTHING = int(
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.READ_MESSAGE_HISTORY
    | Permission.MANAGE_CHANNELS
    | Permission.MANAGE_MESSAGES
)


async def _has_followups(rec: InteractionRecord) -> bool:
    return bool(rec.followup_ids)


@pytest.mark.parametrize("command", ["admin doctor", "admin status"])
async def test_the_longest_report_arrives_whole(live: LiveBot, command: str) -> None:
    driver, tr = live.driver, default_translator()
    channels = make_channels(driver)
    await configure(live.pool, driver.guild_id, channels)
    for channel_id in channels.values():
        driver.set_overwrite(channel_id, "bot", deny=EVERYTHING)
    async with live.pool.acquire() as conn:  # and every schedule contradicting its feature
        await conn.execute("UPDATE guild_settings SET features = '{}'::jsonb WHERE guild_id = $1", driver.guild_id)
    live.runtime.services.guilds.invalidate(driver.guild_id)

    rec = await driver.run_command("owner", command)
    await reply_text(driver, rec)
    await eventually(lambda: _has_followups(rec))
    await settled(live)
    original = driver.original(rec)
    assert original is not None
    parts = [str(original["content"])]
    for message_id in rec.followup_ids:
        message = driver.emu.world.find_message(message_id)
        assert message is not None and message["flags"] & 64  # every part is ephemeral
        parts.append(str(message["content"]))

    assert len(parts) > 1 and all(0 < len(part) <= 2000 for part in parts)
    report = "\n".join(parts)
    assert "…" not in report
    for field, channel_id in channels.items():
        if field == "pair_category_id":
            continue  # named as "the pair category", not linked
        # doctor: its finding and its hint; status: its setting and its permission line.
        assert report.count(f"<#{channel_id}>") >= 2, channel_id
    if command == "admin status":
        assert parts[-1].endswith(tr.text("ru", "admin.status.run_doctor"))
