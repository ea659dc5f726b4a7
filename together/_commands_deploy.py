"""``together commands deploy``: register every slash command with Discord as one full overwrite.

The list is exactly what ``together run`` syncs (``/ping`` plus every installed feature's commands), sent as
one bulk ``PUT`` through the REST port, so commands removed from the code disappear from Discord too.
"""

from __future__ import annotations

from features import install_features
from features.kernel import FeatureHost, command_payloads
from gateway import DiscordRest, ping_command


def command_list() -> list[dict[str, object]]:
    """The JSON bodies of every slash command the bot serves."""
    host = install_features(FeatureHost())
    return command_payloads([ping_command(), *host.slash_commands()])


async def deploy_commands(rest: DiscordRest, application_id: str, guild_id: str | None) -> list[str]:
    """Overwrite the commands of ``guild_id`` (or the global ones); return the deployed names, sorted."""
    deployed = await rest.bulk_overwrite_commands(application_id, command_list(), guild_id)
    return sorted(str(command["name"]) for command in deployed)
