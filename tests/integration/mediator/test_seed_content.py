"""``together seed`` validates the mediator, /date, raid and check-in content files: twice changes nothing, a
broken file fails before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import asyncpg
import pytest

from features.kernel._errors import ContentError
from features.mediator import _content as mediator_content
from together._seed import seed_database
from together.config import load_settings

pytestmark = pytest.mark.anyio

SETTINGS = {"DISCORD_GUILD_ID": "100000000000000001"}


async def _snapshot(pool: asyncpg.Pool) -> dict[str, list[tuple[object, ...]]]:
    tables = [r["tablename"] for r in await pool.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return {t: sorted(tuple(r) for r in await pool.fetch(f'SELECT * FROM "{t}"')) for t in tables}


async def test_seeding_twice_reports_the_content_and_changes_nothing(db_pool: asyncpg.Pool) -> None:
    settings = load_settings(SETTINGS)
    first = await seed_database(db_pool, settings)
    assert first[0] == (
        "content: 37 /say rewrite rules, 4 repair steps (ru, en); 11 date ideas (ru, en);"
        " 42 duel questions (14 fun, 14 light, 14 deep; ru, en);"
        " 22 raid quests (11 micro, 11 medium; ru, en);"
        " 12 horoscope themes, 12 signs, 6 situations (5184 readings and 1872 pair readings render in ru, en);"
        " 12 check-in agreements (ru, en); 9 mascot answers in 3 themes (ru, en) valid"
    )
    before = await _snapshot(db_pool)
    assert await seed_database(db_pool, settings) == [first[0], "guilds: 1 configured, 0 new"]
    assert await _snapshot(db_pool) == before


async def test_a_broken_content_file_fails_the_seed_before_any_write(
    db_pool: asyncpg.Pool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "content"
    shutil.copytree(mediator_content.CONTENT_DIR, broken)
    repair = broken / "repair.toml"
    # Drop the last step: the flow needs exactly four.
    repair.write_text(repair.read_text(encoding="utf-8").rsplit("[[steps]]", 1)[0], encoding="utf-8")
    monkeypatch.setattr(mediator_content, "CONTENT_DIR", broken)
    with pytest.raises(ContentError, match="repair: 3 steps"):
        await seed_database(db_pool, load_settings(SETTINGS))
    assert await db_pool.fetchval("SELECT count(*) FROM guild_settings") == 0
