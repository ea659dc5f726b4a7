"""Every migration applies to an empty database, rolls back cleanly and applies again; without migrations the
runner refuses instead of reporting success."""

from __future__ import annotations

import uuid
from importlib.resources import files
from pathlib import Path

import psycopg
import pytest

from store import MIGRATIONS_PACKAGE, MigrationError, apply_migrations, rollback_migrations

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
    shipped = files(MIGRATIONS_PACKAGE)
    # Every SQL file of the package and nothing else (yoyo would take its __init__.py for one).
    assert applied == sorted(
        p.name.removesuffix(".sql") for p in shipped.iterdir() if p.name.endswith(".sql") and ".rollback." not in p.name
    )
    tables = _tables(empty_database_url)
    assert {"guild_settings", "scheduler_settings", "op_dedup", "command_rate_limits"} <= tables

    assert apply_migrations(empty_database_url) == []  # idempotent

    rolled_back = rollback_migrations(empty_database_url)
    assert sorted(rolled_back) == sorted(applied)
    assert _tables(empty_database_url) == set()

    assert apply_migrations(empty_database_url) == applied
    assert _tables(empty_database_url) == tables


def _all_tables(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        return {r[0] for r in rows.fetchall()}


def test_a_package_without_sql_files_is_refused_before_the_database_is_touched(
    empty_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = f"empty_migrations_{uuid.uuid4().hex[:8]}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text('"""No migrations here."""\n', encoding="utf-8")
    monkeypatch.syspath_prepend(tmp_path)
    with pytest.raises(MigrationError, match=r"no migrations: no \*\.sql file in .*" + package):
        apply_migrations(empty_database_url, package=package)
    with pytest.raises(MigrationError, match="no migrations"):
        rollback_migrations(empty_database_url, package=package)
    assert _all_tables(empty_database_url) == set()  # not even yoyo's bookkeeping tables


def test_a_missing_migrations_package_is_refused(empty_database_url: str) -> None:
    with pytest.raises(MigrationError, match="no migrations: the package 'no_such_migrations' is not installed"):
        apply_migrations(empty_database_url, package="no_such_migrations")
    assert _all_tables(empty_database_url) == set()
