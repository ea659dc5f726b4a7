"""``together invite``: the URL that adds the bot to a server with exactly the permissions its features need.

The permissions are the union of what the kernel's checks (``/admin doctor``) require: guild-wide (view, send,
embed, read history, manage channels and roles, to create the private pair rooms with their overwrites), in
every channel the bot posts in, and in the pair category. Asking for more (Administrator) would hide a
misconfigured channel from the doctor; asking for less makes the doctor fail on the first start.
"""

from __future__ import annotations

from urllib.parse import urlencode

from features.kernel import CHANNEL_POST_PERMISSIONS, GUILD_PERMISSIONS, PAIR_CATEGORY_PERMISSIONS, Permission

#: The OAuth2 scopes: ``bot`` joins the server, ``applications.commands`` lets it register slash commands.
SCOPES = ("bot", "applications.commands")


def bot_permissions() -> Permission:
    """Every permission the bot's features check for, as one set."""
    return GUILD_PERMISSIONS | CHANNEL_POST_PERMISSIONS | PAIR_CATEGORY_PERMISSIONS


def permission_list(permissions: Permission) -> list[str]:
    """The set's names, lowest bit first, as Discord's developer portal spells them (``MANAGE_CHANNELS``)."""
    return [flag.name for flag in Permission if flag.name and flag in permissions]


def invite_url(application_id: str, permissions: Permission | None = None) -> str:
    """The OAuth2 URL a server's administrator opens to add the bot."""
    chosen = bot_permissions() if permissions is None else permissions
    query = urlencode({"client_id": application_id, "scope": " ".join(SCOPES), "permissions": int(chosen)})
    return f"https://discord.com/oauth2/authorize?{query}"
