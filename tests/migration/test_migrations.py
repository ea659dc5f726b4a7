"""Every migration applies to an empty database, rolls back cleanly and applies again."""

from __future__ import annotations

import psycopg
import pytest

from store._migrate import apply_migrations, rollback_migrations

pytestmark = pytest.mark.slow


def _tables(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " AND table_name NOT LIKE '\\_yoyo%%' AND table_name NOT LIKE 'yoyo%%'"
        ).fetchall()
    return {r[0] for r in rows}


def test_apply_rollback_reapply(empty_database_url: str) -> None:
    applied = apply_migrations(empty_database_url)
    assert applied, "no migration was found"
    tables = _tables(empty_database_url)
    assert {"guild_settings", "scheduler_settings", "op_dedup", "command_rate_limits"} <= tables

    assert apply_migrations(empty_database_url) == []  # idempotent

    rolled_back = rollback_migrations(empty_database_url)
    assert sorted(rolled_back) == sorted(applied)
    assert _tables(empty_database_url) == set()

    assert apply_migrations(empty_database_url) == applied
    assert _tables(empty_database_url) == tables
