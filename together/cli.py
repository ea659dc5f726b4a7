"""The ``together`` command line: run the bot and do by command what the runbooks did by hand.

Exit codes: 0 success, 1 a failure while running, 2 bad configuration or usage. Errors are one line on stderr;
the details go to the log. Commands other than ``run`` print only their own output; ``together -v <command>``
shows their logs too (on stderr). Logs are readable lines on a terminal and JSON lines for files, pipes and
``LOG_FORMAT=json``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn, TypeVar

import anyio
import click

from together.config import Settings, load_settings, log_format
from together.errors import BotError, ConfigError
from together.version import __version__

T = TypeVar("T")


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"together: {message}", err=True)
    sys.exit(code)


def _settings() -> Settings:
    try:
        return load_settings(os.environ)
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(f"together: configuration error: {problem}", err=True)
        sys.exit(2)


#: ``-v``: the operator asked for the command's logs.
_VERBOSE = False


def _configure(settings: Settings) -> None:
    """Logging for a command other than ``run``: its logs on stderr when asked for (``-v``), else errors only."""
    from telemetry import configure_logging

    level = settings.log_level if _VERBOSE else "error"
    configure_logging(level, stream=sys.stderr, log_format=settings.log_format)


def _configure_quietly() -> None:
    """Before the settings are read (or for commands that never read them): errors only, unless ``-v``."""
    from telemetry import configure_logging

    try:
        chosen = log_format(os.environ.get("LOG_FORMAT") or "auto")
    except ValueError:
        chosen = "auto"  # ``run`` reports the bad value with every other configuration problem
    configure_logging("info" if _VERBOSE else "error", stream=sys.stderr, log_format=chosen)


def _run_async(func: Callable[[], Coroutine[Any, Any, T]]) -> T:
    try:
        return anyio.run(func)
    except BotError as exc:
        _fail(str(exc), 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="together", message="%(prog)s %(version)s")
@click.option("-v", "--verbose", is_flag=True, help="Show the command's logs too (on stderr).")
def main(verbose: bool) -> None:
    """Together: a Discord bot for relationship communities."""
    global _VERBOSE
    _VERBOSE = verbose
    _configure_quietly()


@main.command()
def run() -> None:
    """Start the bot (embedded PostgreSQL and the local Discord emulator when nothing is configured)."""
    from opentelemetry import trace

    from telemetry.setup import build_tracer_provider, instrument_database, trace_exporter_names
    from together.app import StartupFailed
    from together.app import run as run_bot

    settings = _settings()
    from telemetry import configure_logging

    # The bot's own log: stdout, at LOG_LEVEL, readable on a terminal, JSON lines otherwise.
    configure_logging(settings.log_level, log_format=settings.log_format)
    try:
        provider = build_tracer_provider(os.environ, service_version=__version__)
    except ConfigError as exc:
        _fail(f"configuration error: {exc}", 2)
    trace.set_tracer_provider(provider)
    if trace_exporter_names(os.environ):
        instrument_database(provider)  # only when spans go somewhere: a span per query is not free

    async def main_() -> int:
        return await run_bot(settings, os.environ)

    try:
        code = anyio.run(main_)
    except StartupFailed as exc:
        _fail(f"cannot start: {exc}", 1)
    finally:
        provider.shutdown()
    sys.exit(code)


@main.command()
def migrate() -> None:
    """Apply pending database migrations."""
    from together._database import open_database

    settings = _settings()
    _configure(settings)

    async def main_() -> None:
        database = await open_database(settings)
        await database.aclose()

    _run_async(main_)
    click.echo("together: migrations are up to date")


@main.command()
def seed() -> None:
    """Load the bot's content and register configured guilds; safe to run any number of times."""
    from together._database import open_database
    from together._seed import seed_database

    settings = _settings()
    _configure(settings)

    async def main_() -> list[str]:
        database = await open_database(settings)
        try:
            return await seed_database(database.pool, settings)
        finally:
            await database.aclose()

    for line in _run_async(main_):
        click.echo(f"together: {line}")


@main.command()
@click.option("--base-url", default=None, help="The bot's HTTP base URL (default: from HTTP_HOST and HTTP_PORT).")
def smoke(base_url: str | None) -> None:
    """Check a running bot from outside: liveness, health of every dependency, readiness, metrics."""
    from together._smoke import run_smoke

    settings = _settings()
    url = base_url or f"http://{settings.http_host}:{settings.http_port}"
    results = anyio.run(run_smoke, url)
    for result in results:
        click.echo(f"{'ok  ' if result.ok else 'FAIL'} {result.name}: {result.detail}")
    sys.exit(0 if all(r.ok for r in results) else 1)


@main.command()
@click.option("--app-id", default=None, help="The application id (default: DISCORD_APP_ID).")
def invite(app_id: str | None) -> None:
    """Print the URL that adds the bot to a server, with the permissions its features need."""
    from together._invite import bot_permissions, invite_url, permission_list

    chosen = app_id or os.environ.get("DISCORD_APP_ID", "").strip() or None
    if chosen is None:
        _fail("invite needs the application id: set DISCORD_APP_ID or pass --app-id", 2)
    if not chosen.isdigit() or not 17 <= len(chosen) <= 20:
        _fail(f"the application id must be a Discord id (17 to 20 digits), not {chosen!r}", 2)
    permissions = bot_permissions()
    click.echo(invite_url(chosen, permissions))
    click.echo(f"permissions {int(permissions)}: {', '.join(permission_list(permissions))}", err=True)


@main.group()
def commands() -> None:
    """Slash commands on Discord."""


@commands.command("deploy")
@click.option("--guild", "guild_id", default=None, help="Guild id (default: DISCORD_GUILD_ID; neither: global).")
def deploy(guild_id: str | None) -> None:
    """Register every slash command (a full overwrite) in one guild or globally."""
    from gateway import AiohttpDiscordRest
    from together._commands_deploy import deploy_commands

    settings = _settings()
    _configure(settings)
    if settings.discord_token is None or settings.discord_app_id is None:
        _fail("commands deploy needs DISCORD_TOKEN and DISCORD_APP_ID", 2)
    token, app_id = settings.discord_token, settings.discord_app_id
    target = guild_id or settings.discord_guild_id
    if target is not None and not target.isdigit():
        _fail(f"--guild must be a guild id, not {target!r}", 2)

    async def main_() -> list[str]:
        async with AiohttpDiscordRest(token, api_base=settings.discord_api_base) as rest:
            return await deploy_commands(rest, app_id, target)

    names = _run_async(main_)
    where = f"guild {target}" if target else "globally (Discord may take up to an hour to show them)"
    click.echo(f"together: deployed {len(names)} commands {where}: {', '.join(names)}")


def _jobs_dsn() -> str:
    """The database the ``jobs`` commands use: ``DATABASE_URL``, else the embedded server (started if needed)."""
    from store import start_embedded_postgres

    settings = _settings()
    if settings.database_url is not None:
        return settings.database_url
    return start_embedded_postgres(settings.data_dir).dsn()


def _attach_jobs() -> None:
    from together.cli_jobs import make_jobs_group

    main.add_command(make_jobs_group(_jobs_dsn))


def _attach_operations() -> None:
    from together.cli_posts import make_posts_group
    from together.cli_projections import make_projections_group
    from together.cli_schedules import make_schedules_command

    main.add_command(make_posts_group(_jobs_dsn))
    main.add_command(make_projections_group(_jobs_dsn))
    main.add_command(make_schedules_command(_jobs_dsn, lambda: _settings().default_timezone))


_attach_jobs()
_attach_operations()


def _attach_maintenance() -> None:
    from together.cli_maintenance import make_maintenance_command

    main.add_command(make_maintenance_command(_jobs_dsn))


_attach_maintenance()
