"""``together projections list`` and ``together projections rebuild`` against a real Postgres: what is listed,
and that a rebuild marks the matching stored projections stale and queues their refresh jobs (coalesced on each
projection's singleton key) in one transaction. That the message is then edited again is shown against the
live bot (``tests/acceptance/projection/test_rebuild_live.py``)."""

from __future__ import annotations

import json

import psycopg
from click.testing import CliRunner

from together.cli_projections import make_projections_group

GUILD, OTHER = "111", "222"


def _store(conn: psycopg.Connection, key: str, guild: str, version: int, *, pinned: bool = False) -> None:
    conn.execute(
        "INSERT INTO projection_messages (projection_key, guild_id, channel_id, message_id, rendered_version,"
        " rendered_at, pinned_at) VALUES (%s, %s, '900', %s, %s, now(), CASE WHEN %s THEN now() END)",
        (key, guild, f"m-{key}", version, pinned),
    )


def _versions(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT projection_key, rendered_version FROM projection_messages").fetchall()
    return dict(rows)


def _refresh_jobs(database_url: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT name, coalesce_key, payload->>'reason' FROM jobs WHERE state = 'queued' ORDER BY coalesce_key"
        ).fetchall()
    return [tuple(row) for row in rows]


def test_list_shows_every_stored_projection_and_filters_by_guild(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        _store(conn, f"pair_home:{GUILD}:p1", GUILD, 7, pinned=True)
        _store(conn, f"duel_scoreboard:{GUILD}:d1", GUILD, 3)
        _store(conn, f"pair_home:{OTHER}:p2", OTHER, 1)
    cli = make_projections_group(lambda: database_url)
    runner = CliRunner()

    table = runner.invoke(cli, ["list"])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split() == ["key", "channel", "message", "shown", "version", "pinned", "updated"]
    assert [line.split()[0] for line in lines[1:]] == [
        f"duel_scoreboard:{GUILD}:d1", f"pair_home:{GUILD}:p1", f"pair_home:{OTHER}:p2"
    ]
    assert lines[2].split()[1:5] == ["900", f"m-pair_home:{GUILD}:p1", "7", "yes"]

    rows = json.loads(runner.invoke(cli, ["list", "--guild", OTHER, "--json"]).output)
    assert rows == [{
        "projection_key": f"pair_home:{OTHER}:p2", "kind": "pair_home", "entity_id": "p2", "guild_id": OTHER,
        "channel_id": "900", "message_id": f"m-pair_home:{OTHER}:p2", "rendered_version": 1, "pinned": False,
        "rendered_at": rows[0]["rendered_at"], "updated_at": rows[0]["updated_at"],
    }]
    assert runner.invoke(cli, ["list", "--guild", "333"]).output.strip() == "no projections"


def test_rebuild_marks_the_matching_projections_stale_and_queues_their_refresh(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        _store(conn, f"pair_home:{GUILD}:p1", GUILD, 7)
        _store(conn, f"pair_home:{GUILD}:p9", GUILD, 2)
        _store(conn, f"duel_scoreboard:{GUILD}:d1", GUILD, 3)
        _store(conn, f"pair_home:{OTHER}:p2", OTHER, 1)
    cli = make_projections_group(lambda: database_url)
    runner = CliRunner()

    one = runner.invoke(cli, ["rebuild", "pair_home", "--guild", GUILD, "--entity", "p1"])
    assert one.exit_code == 0, one.output
    assert one.output.splitlines()[0] == "asked 1 projection to render again"
    assert _versions(database_url) == {
        f"pair_home:{GUILD}:p1": -1, f"pair_home:{GUILD}:p9": 2, f"duel_scoreboard:{GUILD}:d1": 3,
        f"pair_home:{OTHER}:p2": 1,
    }
    assert _refresh_jobs(database_url) == [("pair.home.refresh", f"projection:pair_home:{GUILD}:p1", "rebuild")]
    assert "stale (rebuild asked)" in runner.invoke(cli, ["list", "--guild", GUILD]).output

    every = json.loads(runner.invoke(cli, ["rebuild", "pair_home", "--json"]).output)
    assert sorted(r["projection_key"] for r in every["rebuilt"]) == [
        f"pair_home:{GUILD}:p1", f"pair_home:{GUILD}:p9", f"pair_home:{OTHER}:p2"
    ]
    assert set(every["rebuilt"][0]) == {"projection_key", "kind", "guild_id", "entity_id", "stored"}
    assert _versions(database_url)[f"duel_scoreboard:{GUILD}:d1"] == 3
    # The waiting refresh of p1 absorbed the second request: one job per projection.
    assert [key for _, key, _ in _refresh_jobs(database_url)] == [
        f"projection:pair_home:{GUILD}:p1", f"projection:pair_home:{GUILD}:p9", f"projection:pair_home:{OTHER}:p2"
    ]

    args = ["rebuild", "duel_scoreboard", "--guild", GUILD, "--entity", "d2", "--json"]
    first = json.loads(runner.invoke(cli, args).output)
    assert first["rebuilt"] == [{
        "projection_key": f"duel_scoreboard:{GUILD}:d2", "kind": "duel_scoreboard", "guild_id": GUILD,
        "entity_id": "d2", "stored": False,
    }]
    assert ("duel.scoreboard.refresh", f"projection:duel_scoreboard:{GUILD}:d2", "rebuild") in _refresh_jobs(
        database_url
    )

    none = runner.invoke(cli, ["rebuild", "duel_scoreboard", "--guild", OTHER])
    assert none.exit_code == 1 and "no stored duel_scoreboard projection matches" in none.output
    unknown = runner.invoke(cli, ["rebuild", "oracle"])
    assert unknown.exit_code == 2 and "duel_scoreboard, hall, horoscope, pair_home, raid_progress" in unknown.output
