"""``together jobs``: the runbook commands for the job queue (send, depth, retry, list).

The lead attaches the group to the ``together`` CLI with ``cli.add_command(make_jobs_group(resolve_dsn))``;
``resolve_dsn`` returns the database DSN (``DATABASE_URL`` or the embedded server's).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import asyncpg
import click
import msgspec

from store import (
    JobRegistry,
    UnknownJobName,
    enqueue,
    list_jobs,
    queue_depth,
    retry_dead_jobs,
    retry_job,
)
from together._cli_output import run_with_connection

T = TypeVar("T")

_STATES = ("queued", "active", "done", "failed", "dead")


def build_payload(registry: JobRegistry, name: str, guild_id: str, extra: dict[str, Any]) -> Any:
    """The payload struct of ``name`` from CLI input; feature, action and correlation id get defaults."""
    spec = registry.spec(name)
    fields: dict[str, Any] = {
        "correlation_id": f"cli-{uuid.uuid4().hex}",
        "feature": spec.feature,
        "action": spec.action,
        **extra,
        "guild_id": guild_id,
    }
    return msgspec.convert(fields, type=spec.payload_type)


def feature_jobs() -> JobRegistry:
    """Every job the features declare (the names ``jobs send`` accepts)."""
    from features import install_features
    from features.kernel import FeatureHost

    return install_features(FeatureHost()).job_registry()


def make_jobs_group(resolve_dsn: Callable[[], str], registry: JobRegistry | None = None) -> click.Group:
    """The ``jobs`` click group; every command connects to ``resolve_dsn()``. ``registry``: the jobs ``send``
    accepts (default: every feature's)."""

    def run(action: Callable[[asyncpg.Connection], Awaitable[T]]) -> T:
        return run_with_connection(resolve_dsn, action)

    @click.group(name="jobs")
    def jobs() -> None:
        """Send, inspect and requeue background jobs."""

    @jobs.command("send")
    @click.argument("name")
    @click.option("--guild", "guild_id", required=True, help="Guild (server) id the job is for.")
    @click.option("--json", "payload_json", default="{}", help="Payload fields as a JSON object.")
    @click.option("--delay", type=float, default=0.0, show_default=True, help="Seconds before it is due.")
    @click.option("--key", "coalesce_key", default=None, help="Coalescing key (one waiting job per key).")
    def send(name: str, guild_id: str, payload_json: str, delay: float, coalesce_key: str | None) -> None:
        """Enqueue one job NAME for a guild."""
        reg = registry or feature_jobs()
        try:
            extra = msgspec.json.decode(payload_json, type=dict[str, Any])
            payload = build_payload(reg, name, guild_id, extra)
        except UnknownJobName as exc:
            raise click.BadParameter(f"{exc}; known: {', '.join(reg.names())}", param_hint="NAME") from None
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            raise click.BadParameter(str(exc), param_hint="--json") from None
        run_at = datetime.now(UTC) + timedelta(seconds=delay) if delay > 0 else None
        result = run(
            lambda conn: enqueue(conn, reg.spec(name), payload, run_at=run_at, coalesce_key=coalesce_key)
        )
        if result.coalesced:
            click.echo(f"coalesced into waiting job {result.job_id}")
        else:
            click.echo(f"enqueued job {result.job_id}")

    @jobs.command("depth")
    def depth() -> None:
        """Count jobs by name and state."""
        rows = run(queue_depth)
        if not rows:
            click.echo("no jobs")
            return
        width = max(len(r.name) for r in rows)
        for row in rows:
            click.echo(f"{row.name:<{width}}  {row.state:<7}  {row.count}")

    @jobs.command("retry")
    @click.argument("job_id", type=int, required=False)
    @click.option("--dead", "all_dead", is_flag=True, help="Requeue every dead job.")
    def retry(job_id: int | None, all_dead: bool) -> None:
        """Requeue job JOB_ID (dead, failed or done) now, or every dead job with --dead."""
        if (job_id is None) == (not all_dead):
            raise click.UsageError("give either a JOB_ID or --dead")
        if all_dead:
            count = run(retry_dead_jobs)
            click.echo(f"requeued {count} dead jobs")
            return
        assert job_id is not None
        if not run(lambda conn: retry_job(conn, job_id)):
            raise click.ClickException(f"job {job_id} not found or not retryable (queued or active)")
        click.echo(f"requeued job {job_id}")

    @jobs.command("list")
    @click.option("--state", type=click.Choice(_STATES), default="dead", show_default=True)
    @click.option("--limit", type=int, default=50, show_default=True)
    def list_(state: str, limit: int) -> None:
        """List the most recently updated jobs in a state, with their last error."""
        rows = run(lambda conn: list_jobs(conn, state, limit))
        if not rows:
            click.echo(f"no {state} jobs")
        for row in rows:
            click.echo(
                f"{row.id}\t{row.name}\tguild={row.guild_id}\tattempts={row.attempts}/{row.max_attempts}"
                f"\trun_at={row.run_at.isoformat()}\t{row.last_error or ''}"
            )

    return jobs
