"""The emulator's route table: OpenAPI path templates, their rate-limit buckets and major parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from gateway.emulator._ratelimit import RouteLimit


@dataclass(frozen=True, slots=True)
class Route:
    """One REST operation: method, OpenAPI path template and its bucket."""

    method: str
    template: str
    limit: RouteLimit
    #: Interaction callbacks and webhook-token routes are outside the global limit and need no bot token.
    interaction: bool = False

    def major(self, params: dict[str, str]) -> str:
        """The major parameter value(s) that split this route's bucket."""
        for name in ("channel_id", "guild_id"):
            if name in params:
                return params[name]
        if "webhook_token" in params:
            return f"{params['webhook_id']}/{params['webhook_token']}"
        if "interaction_token" in params:
            return params["interaction_id"]
        return "-"


# Bucket sizes modelled on what Discord answers today (they come from headers and may change).
_MESSAGE_CREATE: Final = RouteLimit("channel_message_create", 5, 5.0)
_MESSAGE_EDIT: Final = RouteLimit("channel_message_edit", 5, 5.0)
_MESSAGE_DELETE: Final = RouteLimit("channel_message_delete", 5, 1.0)
_PINS: Final = RouteLimit("channel_pins", 5, 5.0)
_CHANNEL_EDIT: Final = RouteLimit("channel_edit", 2, 600.0)
_GUILD_CHANNELS: Final = RouteLimit("guild_channels", 10, 10.0)
_CALLBACK: Final = RouteLimit("interaction_callback", 5, 1.0)
_WEBHOOK: Final = RouteLimit("interaction_webhook", 5, 1.0)
_COMMANDS: Final = RouteLimit("application_commands", 5, 20.0)
_DEFAULT: Final = RouteLimit("default", 50, 1.0)

_TABLE: Final[tuple[tuple[str, str, RouteLimit, bool], ...]] = (
    ("GET", "/users/@me", _DEFAULT, False),
    ("POST", "/users/@me/channels", _DEFAULT, False),
    ("GET", "/oauth2/applications/@me", _DEFAULT, False),
    ("GET", "/applications/@me", _DEFAULT, False),
    ("GET", "/gateway", _DEFAULT, False),
    ("GET", "/gateway/bot", _DEFAULT, False),
    ("GET", "/applications/{application_id}/commands", _DEFAULT, False),
    ("PUT", "/applications/{application_id}/commands", _COMMANDS, False),
    ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", _DEFAULT, False),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", _COMMANDS, False),
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback", _CALLBACK, True),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", _WEBHOOK, True),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", _WEBHOOK, True),
    ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", _WEBHOOK, True),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", _WEBHOOK, True),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", _WEBHOOK, True),
    ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", _WEBHOOK, True),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}", _WEBHOOK, True),
    ("GET", "/channels/{channel_id}/messages", _DEFAULT, False),
    ("POST", "/channels/{channel_id}/messages", _MESSAGE_CREATE, False),
    ("GET", "/channels/{channel_id}/messages/{message_id}", _DEFAULT, False),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}", _MESSAGE_EDIT, False),
    ("DELETE", "/channels/{channel_id}/messages/{message_id}", _MESSAGE_DELETE, False),
    ("GET", "/channels/{channel_id}/pins", _DEFAULT, False),
    ("PUT", "/channels/{channel_id}/pins/{message_id}", _PINS, False),
    ("DELETE", "/channels/{channel_id}/pins/{message_id}", _PINS, False),
    ("PUT", "/channels/{channel_id}/messages/pins/{message_id}", _PINS, False),
    ("DELETE", "/channels/{channel_id}/messages/pins/{message_id}", _PINS, False),
    ("GET", "/channels/{channel_id}", _DEFAULT, False),
    ("PATCH", "/channels/{channel_id}", _CHANNEL_EDIT, False),
    ("DELETE", "/channels/{channel_id}", _DEFAULT, False),
    ("PUT", "/channels/{channel_id}/permissions/{overwrite_id}", _DEFAULT, False),
    ("DELETE", "/channels/{channel_id}/permissions/{overwrite_id}", _DEFAULT, False),
    ("GET", "/guilds/{guild_id}", _DEFAULT, False),
    ("GET", "/guilds/{guild_id}/channels", _DEFAULT, False),
    ("POST", "/guilds/{guild_id}/channels", _GUILD_CHANNELS, False),
    ("GET", "/guilds/{guild_id}/roles", _DEFAULT, False),
    ("GET", "/guilds/{guild_id}/members", _DEFAULT, False),
    ("GET", "/guilds/{guild_id}/members/{user_id}", _DEFAULT, False),
    ("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", _DEFAULT, False),
    ("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", _DEFAULT, False),
)


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")


ROUTES: Final = tuple(
    (Route(method=m, template=t, limit=lim, interaction=i), _compile(t)) for m, t, lim, i in _TABLE
)


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    """The route serving ``method path`` (path below ``/api/v10``) and its parameters."""
    for route, pattern in ROUTES:
        if route.method != method:
            continue
        m = pattern.match(path)
        if m is not None:
            return route, m.groupdict()
    return None
