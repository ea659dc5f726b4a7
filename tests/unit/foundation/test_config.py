"""Configuration: defaults, every variable's validation, all problems reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from together.config import Settings, describe_dsn, load_settings
from together.errors import ConfigError


def test_defaults_run_anywhere() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert settings.database_url is None
    assert settings.data_dir == Path(".together")
    assert settings.discord_token is None
    assert (settings.http_host, settings.http_port) == ("127.0.0.1", 8080)
    assert settings.default_timezone == "Asia/Almaty"
    assert settings.allowed_guild_ids is None


def test_full_configuration() -> None:
    settings = load_settings(
        {
            "DATABASE_URL": "postgresql://bot:secret@db.example:5433/together",
            "DATA_DIR": "/var/lib/together",
            "DISCORD_TOKEN": " abc.def ",
            "DISCORD_APP_ID": "123456789012345678",
            "DISCORD_GUILD_ID": "223456789012345678",
            "DISCORD_API_BASE": "http://127.0.0.1:9000/api/",
            "HTTP_HOST": "0.0.0.0",
            "HTTP_PORT": "9090",
            "DEFAULT_TIMEZONE": "Europe/Berlin",
            "LOG_LEVEL": "WARN",
            "ALLOWED_GUILD_IDS": "223456789012345678, 323456789012345678,",
        }
    )
    assert settings.discord_token == "abc.def"
    assert settings.discord_api_base == "http://127.0.0.1:9000/api"
    assert settings.http_port == 9090
    assert settings.log_level == "warning"
    assert settings.allowed_guild_ids == frozenset({"223456789012345678", "323456789012345678"})
    assert settings.redacted_database() == "db.example:5433/together"
    assert "secret" not in settings.redacted_database()


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("HTTP_PORT", "abc", "port number"),
        ("HTTP_PORT", "70000", "port number"),
        ("DATABASE_URL", "mysql://x/y", "postgresql://"),
        ("DISCORD_APP_ID", "12", "Discord id"),
        ("DISCORD_GUILD_ID", "not-a-number", "Discord id"),
        ("DISCORD_API_BASE", "ftp://x", "http(s) URL"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "time zone"),
        ("LOG_LEVEL", "loud", "debug, info"),
        ("ALLOWED_GUILD_IDS", "1,2", "Discord id"),
        ("REPAIR_STEP_SECONDS", "0", "between"),
    ],
)
def test_bad_value_is_named(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({name: value})
    (problem,) = caught.value.problems
    assert problem.startswith(f"{name}: ")
    assert fragment in problem


def test_every_problem_is_reported() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"HTTP_PORT": "abc", "DEFAULT_TIMEZONE": "Nowhere", "DISCORD_TOKEN": "t"})
    names = [p.split(":")[0] for p in caught.value.problems]
    assert names == ["HTTP_PORT", "DEFAULT_TIMEZONE", "DISCORD_APP_ID"]


def test_blank_values_are_unset() -> None:
    settings = load_settings({"DATABASE_URL": "  ", "DISCORD_TOKEN": "", "ALLOWED_GUILD_IDS": " , "})
    assert settings.database_url is None
    assert settings.discord_token is None
    assert settings.allowed_guild_ids is None


def test_describe_dsn_never_shows_credentials() -> None:
    assert describe_dsn("postgresql://u:p@h/db") == "h/db"
    assert describe_dsn("postgresql:///db?host=/tmp") == "local socket/db"
