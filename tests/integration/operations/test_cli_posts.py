"""``together posts list`` and ``together posts requeue`` against a real Postgres: what an operator sees, what a
requeue changes (the post back to pending, its targeted publish job queued in the same transaction), and what it
refuses (a sent post, a post a live worker holds)."""

from __future__ import annotations

import json
import uuid

import psycopg
from click.testing import CliRunner

from together.cli_posts import make_posts_group

GUILD, OTHER = "111", "222"


def _post(
    conn: psycopg.Connection, status: str, *, guild: str = GUILD, age_minutes: int = 0, error: str | None = None
) -> str:
    post_id = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO scheduled_posts (id, guild_id, kind, channel_id, status, idempotency_key, attempts, last_error,"
        " updated_at, lease_expires_at) VALUES (%s, %s, 'setup_test', '900', %s, %s, 1, %s,"
        " now() - make_interval(mins => %s),"
        " CASE WHEN %s = 'processing' THEN now() - make_interval(mins => %s) + interval '10 minutes' END)",
        (post_id, guild, status, f"k-{post_id}", error, age_minutes, status, age_minutes),
    )
    return post_id


def _status(database_url: str, post_id: str) -> tuple[str, int]:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT status, attempts FROM scheduled_posts WHERE id = %s", (post_id,)).fetchone()
    assert row is not None
    return row[0], row[1]


def _publish_jobs(database_url: str) -> list[tuple[str, str | None, str | None, str | None]]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT guild_id, payload->>'post_id', coalesce_key, state FROM jobs"
            " WHERE name = 'public.post.publish' ORDER BY id"
        ).fetchall()
    return [tuple(row) for row in rows]


def test_list_shows_posts_by_status_and_guild_with_stuck_ones_marked(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        failed = _post(conn, "failed", error="Forbidden: Missing Permissions")
        stuck = _post(conn, "processing", age_minutes=30)
        working = _post(conn, "processing", age_minutes=1)
        _post(conn, "sent", guild=OTHER)
    cli = make_posts_group(lambda: database_url)
    runner = CliRunner()

    table = runner.invoke(cli, ["list"])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split()[:4] == ["id", "guild", "kind", "status"]
    assert len(lines) == 5
    by_id = {line.split()[0]: line for line in lines[1:]}
    assert "processing (stuck)" in by_id[stuck] and "stuck" not in by_id[working]
    assert "Forbidden: Missing Permissions" in by_id[failed]

    only_stuck = json.loads(runner.invoke(cli, ["list", "--status", "stuck", "--json"]).output)
    assert [row["id"] for row in only_stuck] == [stuck]
    assert only_stuck[0]["status"] == "processing" and only_stuck[0]["stuck"] is True
    assert set(only_stuck[0]) == {
        "id", "guild_id", "kind", "channel_id", "status", "stuck", "attempts", "scheduled_for", "updated_at",
        "last_error", "published_message_id",
    }
    other = json.loads(runner.invoke(cli, ["list", "--guild", OTHER, "--json"]).output)
    assert [row["status"] for row in other] == ["sent"]
    assert runner.invoke(cli, ["list", "--status", "pending"]).output.strip() == "no pending posts"
    assert runner.invoke(cli, ["list", "--status", "lost"]).exit_code == 2


def test_requeue_failed_and_stuck_posts_back_to_pending_with_their_publish_jobs(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        failed = _post(conn, "failed", error="boom")
        failed_elsewhere = _post(conn, "failed", guild=OTHER)
        stuck = _post(conn, "processing", age_minutes=30)
        working = _post(conn, "processing", age_minutes=1)
        sent = _post(conn, "sent")
    cli = make_posts_group(lambda: database_url)
    runner = CliRunner()

    assert runner.invoke(cli, ["requeue"]).exit_code == 2
    assert runner.invoke(cli, ["requeue", failed, "--failed"]).exit_code == 2

    done = runner.invoke(cli, ["requeue", "--failed", "--guild", GUILD, "--json"])
    assert done.exit_code == 0, done.output
    body = json.loads(done.output)
    assert [(r["id"], r["guild_id"], r["previous"]) for r in body["requeued"]] == [(failed, GUILD, "failed")]
    assert isinstance(body["requeued"][0]["job_id"], int)
    assert _status(database_url, failed) == ("pending", 0)
    assert _status(database_url, failed_elsewhere)[0] == "failed"
    assert _publish_jobs(database_url) == [(GUILD, failed, f"public-post:{failed}", "queued")]

    table = runner.invoke(cli, ["requeue", "--stuck"])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0] == "requeued 1 post"
    assert stuck in table.output and "processing" in table.output
    assert _status(database_url, stuck) == ("pending", 0)
    assert _status(database_url, working) == ("processing", 1)  # its worker is alive: never touched

    # Requeueing again while its job still waits is absorbed by that job: one publish per post.
    again = json.loads(runner.invoke(cli, ["requeue", failed, "--json"]).output)
    assert again["requeued"][0]["previous"] == "pending"
    assert [job[1] for job in _publish_jobs(database_url)] == [failed, stuck]

    held = runner.invoke(cli, ["requeue", working])
    assert held.exit_code == 1 and "live worker" in held.output
    refused = runner.invoke(cli, ["requeue", sent])
    assert refused.exit_code == 1 and "already sent" in refused.output
    assert _status(database_url, sent)[0] == "sent"
    elsewhere = runner.invoke(cli, ["requeue", failed_elsewhere, "--guild", GUILD])
    assert elsewhere.exit_code == 1 and "not found" in elsewhere.output
    missing = runner.invoke(cli, ["requeue", str(uuid.uuid4())])
    assert missing.exit_code == 1 and "not found" in missing.output
    assert runner.invoke(cli, ["requeue", "not-a-uuid"]).exit_code == 2
    assert len(_publish_jobs(database_url)) == 2
