"""``together jobs`` against a real Postgres."""

from __future__ import annotations

import psycopg
from click.testing import CliRunner

from together.cli_jobs import make_jobs_group


def test_send_depth_list_and_retry(database_url: str) -> None:
    cli = make_jobs_group(lambda: database_url)
    runner = CliRunner()
    sent = runner.invoke(cli, ["send", "pair.home.refresh", "--guild", "42", "--json", '{"pair_id": "p1"}'])
    assert sent.exit_code == 0, sent.output
    assert sent.output.startswith("enqueued job ")
    job_id = int(sent.output.split()[-1])
    again = runner.invoke(
        cli,
        [
            "send",
            "pair.home.refresh",
            "--guild",
            "42",
            "--json",
            '{"pair_id": "p1"}',
            "--key",
            "k",
            "--delay",
            "60",
        ],
    )
    dup = runner.invoke(
        cli, ["send", "pair.home.refresh", "--guild", "42", "--json", '{"pair_id": "p1"}', "--key", "k"]
    )
    assert again.output.startswith("enqueued") and dup.output.startswith("coalesced into waiting job")

    bad = runner.invoke(cli, ["send", "pair.home.refresh", "--guild", "42"])
    assert bad.exit_code == 2 and "pair_id" in bad.output
    unknown = runner.invoke(cli, ["send", "no.such", "--guild", "42"])
    assert unknown.exit_code == 2 and "unknown job name" in unknown.output

    depth = runner.invoke(cli, ["depth"])
    assert (
        "pair.home.refresh" in depth.output
        and "queued" in depth.output
        and depth.output.rstrip().endswith("2")
    )

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE jobs SET state = 'dead', last_error = 'boom' WHERE id = %s", (job_id,))
    listed = runner.invoke(cli, ["list", "--state", "dead"])
    assert f"{job_id}\tpair.home.refresh\tguild=42" in listed.output and "boom" in listed.output

    assert runner.invoke(cli, ["retry"]).exit_code == 2
    assert runner.invoke(cli, ["retry", "999999"]).exit_code == 1
    retried = runner.invoke(cli, ["retry", "--dead"])
    assert retried.output.strip() == "requeued 1 dead jobs"
    assert runner.invoke(cli, ["list", "--state", "dead"]).output.strip() == "no dead jobs"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE jobs SET state = 'dead' WHERE id = %s", (job_id,))
    one = runner.invoke(cli, ["retry", str(job_id)])
    assert one.output.strip() == f"requeued job {job_id}"
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT state, attempts FROM jobs WHERE id = %s", (job_id,)).fetchone()
    assert row == ("failed", 0)
