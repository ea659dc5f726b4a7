"""Guild configuration: one ``guild_settings`` row per guild, the source of truth for every process.

Writes bump ``version`` and send ``NOTIFY guild_settings, '<guild_id>'`` in the same transaction, so every
process's cache (:mod:`store._guild_cache`) drops its copy when the write commits. The feature map is a JSON
object of booleans; a toggle sets one key and never rewrites the others away.
"""

from __future__ import annotations

import json
from typing import Final, Literal

import asyncpg
import msgspec

from store import Connection, StoreError

#: The channel on which configuration writes are announced.
NOTIFY_CHANNEL: Final = "guild_settings"

Locale = Literal["ru", "en"]

#: Columns an admin may set, with nothing else accepted by :func:`update_guild_settings`.
SETTABLE_COLUMNS: Final = frozenset(
    {
        "locale",
        "timezone",
        "pair_category_id",
        "moderator_role_id",
        "horoscope_channel_id",
        "raid_channel_id",
        "hall_channel_id",
        "public_post_channel_id",
        "anon_inbox_channel_id",
        "duels_channel_id",
    }
)


class UnknownSetting(StoreError):
    """A configuration write named a column that does not exist or may not be set."""


class GuildSettings(msgspec.Struct, frozen=True, kw_only=True):
    """A guild's configuration; a guild without a row gets the defaults."""

    guild_id: str
    locale: Locale = "ru"
    timezone: str | None = None
    pair_category_id: str | None = None
    moderator_role_id: str | None = None
    horoscope_channel_id: str | None = None
    raid_channel_id: str | None = None
    hall_channel_id: str | None = None
    public_post_channel_id: str | None = None
    anon_inbox_channel_id: str | None = None
    duels_channel_id: str | None = None
    features: dict[str, bool] = msgspec.field(default_factory=dict)
    """Explicit switches; a feature missing here has its default (see ``gateway.domain``)."""
    version: int = 0
    """0 for a guild with no row yet."""

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> GuildSettings:
        values = dict(row)
        features = values.get("features") or "{}"
        values["features"] = {
            k: v
            for k, v in (json.loads(features) if isinstance(features, str) else features).items()
            if isinstance(v, bool)
        }
        values.pop("created_at", None)
        values.pop("updated_at", None)
        return msgspec.convert(values, cls)

    def timezone_or(self, default: str) -> str:
        """The guild's IANA timezone, or ``default`` (``DEFAULT_TIMEZONE``) when none is set."""
        return self.timezone or default


_SELECT: Final = "SELECT * FROM guild_settings WHERE guild_id = $1"

_ENSURE_ROW: Final = "INSERT INTO guild_settings (guild_id) VALUES ($1) ON CONFLICT (guild_id) DO NOTHING"

# jsonb_populate_record applies only the keys present in the patch, so one fixed statement serves every
# combination of columns without building SQL from input.
_APPLY_PATCH: Final = """
UPDATE guild_settings AS g SET
    (locale, timezone, pair_category_id, moderator_role_id, horoscope_channel_id, raid_channel_id,
     hall_channel_id, public_post_channel_id, anon_inbox_channel_id, duels_channel_id) =
    (SELECT p.locale, p.timezone, p.pair_category_id, p.moderator_role_id, p.horoscope_channel_id,
            p.raid_channel_id, p.hall_channel_id, p.public_post_channel_id, p.anon_inbox_channel_id,
            p.duels_channel_id
       FROM jsonb_populate_record(g, $2::jsonb) AS p),
    version = g.version + 1,
    updated_at = now()
WHERE g.guild_id = $1
RETURNING g.*
"""

_SET_FEATURES: Final = """
INSERT INTO guild_settings AS g (guild_id, features) VALUES ($1, $2::jsonb)
ON CONFLICT (guild_id) DO UPDATE
SET features = g.features || EXCLUDED.features, version = g.version + 1, updated_at = now()
RETURNING g.*
"""

_NOTIFY: Final = "SELECT pg_notify($1, $2)"


async def fetch_guild_settings(conn: Connection, guild_id: str) -> GuildSettings:
    """The stored configuration of ``guild_id``, or the defaults when it has none."""
    row = await conn.fetchrow(_SELECT, guild_id)
    return GuildSettings(guild_id=guild_id) if row is None else GuildSettings.from_row(row)


async def update_guild_settings(conn: Connection, guild_id: str, changes: dict[str, str | None]) -> GuildSettings:
    """Set the given columns (``None`` clears one), creating the row if needed; announce the change."""
    unknown = set(changes) - SETTABLE_COLUMNS
    if unknown:
        raise UnknownSetting(f"unknown setting(s): {', '.join(sorted(unknown))}")
    async with conn.transaction():
        await conn.execute(_ENSURE_ROW, guild_id)
        row = await conn.fetchrow(_APPLY_PATCH, guild_id, json.dumps(changes))
        await conn.execute(_NOTIFY, NOTIFY_CHANNEL, guild_id)
    assert row is not None
    return GuildSettings.from_row(row)


async def set_guild_features(conn: Connection, guild_id: str, switches: dict[str, bool]) -> GuildSettings:
    """Switch features on or off, keeping every other key of the feature map; announce the change."""
    async with conn.transaction():
        row = await conn.fetchrow(_SET_FEATURES, guild_id, json.dumps(switches))
        await conn.execute(_NOTIFY, NOTIFY_CHANNEL, guild_id)
    assert row is not None
    return GuildSettings.from_row(row)
