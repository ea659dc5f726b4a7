"""Configuration from environment variables, validated once at start.

Every bad value is reported (not just the first), each as one line naming the variable and what is wrong, so an
operator fixes them in one go. Blank values count as unset. The ``OTEL_*`` variables are read by
:mod:`telemetry.setup`, which follows the OpenTelemetry specification for them.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final, Literal, TypeVar
from urllib.parse import urlsplit

import msgspec

from together.errors import ConfigError

LogLevel = Literal["debug", "info", "warning", "error"]
LogFormat = Literal["auto", "json", "text"]

_SNOWFLAKE: Final = re.compile(r"^[0-9]{17,20}$")
_LOG_LEVELS: Final[dict[str, LogLevel]] = {
    "debug": "debug",
    "info": "info",
    "warn": "warning",
    "warning": "warning",
    "error": "error",
}

T = TypeVar("T")


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """The validated configuration of one bot process."""

    database_url: str | None = None
    """``None``: an embedded PostgreSQL server in ``data_dir``."""
    data_dir: Path = Path(".together")
    discord_token: str | None = None
    """``None``: the local Discord emulator is started and used."""
    discord_app_id: str | None = None
    discord_guild_id: str | None = None
    discord_api_base: str | None = None
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    default_timezone: str = "Asia/Almaty"
    log_level: LogLevel = "info"
    log_format: LogFormat = "auto"
    """``auto``: readable lines on a terminal, JSON lines otherwise (files, pipes, log collectors)."""
    emulator_port: int | None = None
    """The local Discord emulator's port (no token only); ``None``: ``http_port + 1``."""
    allowed_guild_ids: frozenset[str] | None = None
    """``None``: no allow-list; the bot serves every guild it is in."""
    shutdown_grace_seconds: float = 25.0
    repair_step_seconds: float = 120.0
    lease_seconds: float = 30.0
    """How long a claim on a job or an effect holds before another worker takes it over (what a crashed
    worker's work waits at most)."""
    watchdog_heartbeat_seconds: float = 30.0
    """Seconds between heartbeat log lines; ``/livez`` fails after two missed ones."""
    watchdog_max_block_seconds: float = 10.0
    """``/livez`` fails when the event loop was blocked for longer than this."""

    @property
    def local_emulator_port(self) -> int:
        """Where the local Discord emulator (and its browser client) listens: fixed, so its URL stays the same."""
        return self.emulator_port if self.emulator_port is not None else self.http_port + 1

    def redacted_database(self) -> str:
        """Where the database is, for logs: host, port and name, never the user or the password."""
        if self.database_url is None:
            return f"embedded PostgreSQL in {self.data_dir / 'pgdata'}"
        return describe_dsn(self.database_url)


def describe_dsn(dsn: str) -> str:
    """``host:port/dbname`` of a libpq URL, dropping credentials."""
    parts = urlsplit(dsn)
    host = parts.hostname or "local socket"
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path or '/'}"


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Build :class:`Settings` from ``environ``; raise :class:`ConfigError` listing every bad value."""
    problems: list[str] = []

    def get(name: str) -> str | None:
        value = environ.get(name, "").strip()
        return value or None

    def parse(name: str, convert: Callable[[str], T], default: T) -> T:
        raw = get(name)
        if raw is None:
            return default
        try:
            return convert(raw)
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
            return default

    settings = Settings(
        database_url=parse("DATABASE_URL", _postgres_url, None),
        data_dir=Path(get("DATA_DIR") or ".together"),
        discord_token=get("DISCORD_TOKEN"),
        discord_app_id=parse("DISCORD_APP_ID", _snowflake, None),
        discord_guild_id=parse("DISCORD_GUILD_ID", _snowflake, None),
        discord_api_base=parse("DISCORD_API_BASE", _http_url, None),
        http_host=get("HTTP_HOST") or "127.0.0.1",
        http_port=parse("HTTP_PORT", _port, 8080),
        default_timezone=parse("DEFAULT_TIMEZONE", _timezone, "Asia/Almaty"),
        log_level=parse("LOG_LEVEL", _log_level, "info"),
        log_format=parse("LOG_FORMAT", log_format, "auto"),
        emulator_port=parse("EMULATOR_PORT", _port, None),
        allowed_guild_ids=parse("ALLOWED_GUILD_IDS", _snowflake_set, None),
        shutdown_grace_seconds=parse("SHUTDOWN_GRACE_SECONDS", _seconds(1, 300), 25.0),
        repair_step_seconds=parse("REPAIR_STEP_SECONDS", _seconds(1, 3600), 120.0),
        lease_seconds=parse("LEASE_SECONDS", _seconds(1, 300), 30.0),
        watchdog_heartbeat_seconds=parse("WATCHDOG_HEARTBEAT_SECONDS", _seconds(1, 3600), 30.0),
        watchdog_max_block_seconds=parse("WATCHDOG_MAX_BLOCK_SECONDS", _seconds(1, 600), 10.0),
    )
    if settings.discord_token is not None and settings.discord_app_id is None:
        problems.append("DISCORD_APP_ID: required when DISCORD_TOKEN is set")
    if problems:
        raise ConfigError(problems)
    return settings


def _postgres_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError("must be a postgresql:// URL")
    return raw


def _http_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"must be an http(s) URL, got {raw!r}")
    return raw.rstrip("/")


def _snowflake(raw: str) -> str:
    if not _SNOWFLAKE.match(raw):
        raise ValueError(f"must be a Discord id (17 to 20 digits), got {raw!r}")
    return raw


def _snowflake_set(raw: str) -> frozenset[str] | None:
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    return frozenset(_snowflake(i) for i in ids) or None


def _port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise ValueError(f"must be a port number from 1 to 65535, got {raw!r}") from None
    if not 1 <= port <= 65535:
        raise ValueError(f"must be a port number from 1 to 65535, got {raw!r}")
    return port


def _timezone(raw: str) -> str:
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown IANA time zone {raw!r}") from None
    return raw


def _log_level(raw: str) -> LogLevel:
    try:
        return _LOG_LEVELS[raw.lower()]
    except KeyError:
        raise ValueError(f"must be one of debug, info, warning, error; got {raw!r}") from None


def log_format(raw: str) -> LogFormat:
    """``LOG_FORMAT``: ``auto``, ``json`` or ``text`` (any case)."""
    formats: dict[str, LogFormat] = {"auto": "auto", "json": "json", "text": "text"}
    if raw.strip().lower() in formats:
        return formats[raw.strip().lower()]
    raise ValueError(f"must be one of auto, json, text; got {raw!r}")


def _seconds(low: float, high: float) -> Callable[[str], float]:
    def convert(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"must be a number of seconds, got {raw!r}") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low:g} and {high:g} seconds, got {raw!r}")
        return value

    return convert
