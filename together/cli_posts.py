"""``together posts``: the public posts queue (seed 002 §5, "re-run publish pipeline"): list and requeue.

``cli.add_command(make_posts_group(resolve_dsn))``; ``resolve_dsn`` returns the database DSN.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import asyncpg
import click

from features.kernel import LISTABLE_STATUSES, PostNotRequeueable, Requeued, list_posts, requeue_posts
from together._cli_output import echo_json, echo_table, json_option, run_with_connection, to_dicts

_LIST_COLUMNS = (
    ("id", "id"),
    ("guild_id", "guild"),
    ("kind", "kind"),
    ("state", "status"),
    ("attempts", "attempts"),
    ("scheduled_for", "scheduled for"),
    ("updated_at", "updated"),
    ("last_error", "last error"),
)
_REQUEUE_COLUMNS = (("id", "id"), ("guild_id", "guild"), ("previous", "was"), ("job_id", "publish job"))


def make_posts_group(resolve_dsn: Callable[[], str]) -> click.Group:
    """The ``posts`` click group; every command connects to ``resolve_dsn()``."""

    @click.group(name="posts")
    def posts() -> None:
        """Inspect and requeue scheduled public posts."""

    @posts.command("list")
    @click.option(
        "--status", type=click.Choice(LISTABLE_STATUSES), default=None,
        help="Only posts in this status (stuck: processing past the claim lease).",
    )
    @click.option("--guild", "guild_id", default=None, help="Only this guild's posts.")
    @click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
    @json_option
    def list_(status: str | None, guild_id: str | None, limit: int, as_json: bool) -> None:
        """The most recently updated posts, with their last error."""
        rows = run_with_connection(
            resolve_dsn, lambda conn: list_posts(conn, status=status, guild_id=guild_id, limit=limit)
        )
        if as_json:
            echo_json(rows)
            return
        if not rows:
            click.echo("no posts" if status is None else f"no {status} posts")
            return
        table = to_dicts(rows)
        for row in table:
            row["state"] = f"{row['status']} (stuck)" if row["stuck"] else row["status"]
        echo_table(table, _LIST_COLUMNS, clip=("last_error",))

    @posts.command("requeue")
    @click.argument("post_id", type=click.UUID, required=False)
    @click.option("--failed", is_flag=True, help="Requeue every failed or dead post.")
    @click.option("--stuck", is_flag=True, help="Requeue every post processing past its claim lease.")
    @click.option("--guild", "guild_id", default=None, help="Only this guild's posts.")
    @json_option
    def requeue(
        post_id: uuid.UUID | None, failed: bool, stuck: bool, guild_id: str | None, as_json: bool
    ) -> None:
        """Put post POST_ID, or every --failed and/or --stuck post, back to pending and enqueue its publish job.

        A sent post, or one a live worker is publishing (processing within its lease), is never requeued.
        """
        if (post_id is None) == (not failed and not stuck):
            raise click.UsageError("give either a POST_ID or --failed and/or --stuck")

        async def action(conn: asyncpg.Connection) -> list[Requeued]:
            async with conn.transaction():
                return await requeue_posts(conn, post_id=post_id, failed=failed, stuck=stuck, guild_id=guild_id)

        try:
            done = run_with_connection(resolve_dsn, action)
        except PostNotRequeueable as exc:
            raise click.ClickException(str(exc)) from None
        if post_id is not None and not done:
            raise click.ClickException(f"post {post_id} not found")
        if as_json:
            echo_json({"requeued": done})
            return
        click.echo(f"requeued {len(done)} post{'' if len(done) == 1 else 's'}")
        if done:
            echo_table(to_dicts(done), _REQUEUE_COLUMNS)

    return posts

