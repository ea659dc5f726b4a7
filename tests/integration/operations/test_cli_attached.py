"""The operator commands are part of ``together`` and use the database ``DATABASE_URL`` names, and
``schedules`` places a guild without a timezone in ``DEFAULT_TIMEZONE``."""

from __future__ import annotations

import json

import psycopg
from click.testing import CliRunner

from together.cli import main


def test_posts_projections_and_schedules_answer_through_the_together_command(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("INSERT INTO guild_settings (guild_id) VALUES ('111')")
    runner = CliRunner(env={"DATABASE_URL": database_url, "DEFAULT_TIMEZONE": "Europe/Lisbon"})
    for args, expected in (
        (["posts", "list", "--json"], []),
        (["projections", "list", "--json"], []),
        (["posts", "requeue", "--failed", "--json"], {"requeued": []}),
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == expected
    schedules = runner.invoke(main, ["schedules", "--json"])
    assert schedules.exit_code == 0, schedules.output
    publish = next(row for row in json.loads(schedules.output) if row["schedule"] == "public.post.publish")
    assert (publish["guild_id"], publish["timezone"], publish["state"]) == ("111", "Europe/Lisbon", "idle")
    help_text = runner.invoke(main, ["--help"]).output
    assert all(name in help_text for name in ("posts", "projections", "schedules", "jobs"))
