"""The Discord side: the interactions.py client, the interaction envelope and replies, the REST port.

It names no feature. The local Discord emulator is :mod:`gateway.emulator`, which nothing here imports: only
the offline default of ``together run`` and the tests load it."""

from __future__ import annotations

from gateway._buckets import BucketState as BucketState
from gateway._client import DiscordGateway as DiscordGateway
from gateway._errors import DiscordUnavailable as DiscordUnavailable
from gateway._errors import Forbidden as Forbidden
from gateway._errors import GatewayError as GatewayError
from gateway._errors import InvalidRequest as InvalidRequest
from gateway._errors import NotFound as NotFound
from gateway._errors import RateLimited as RateLimited
from gateway._handler import Handler as Handler
from gateway._handler import interaction_handler as interaction_handler
from gateway._handler import require_reply as require_reply
from gateway._i18n import translate as translate
from gateway._invalid import InvalidRequestGuard as InvalidRequestGuard
from gateway._ping import ping_command as ping_command
from gateway._refusal import Refusal as Refusal
from gateway._reply import NO_MENTIONS as NO_MENTIONS
from gateway._reply import reply as reply
from gateway._reply import update_message as update_message
from gateway._rest_port import AiohttpDiscordRest as AiohttpDiscordRest
from gateway._rest_port import ChannelSpec as ChannelSpec
from gateway._rest_port import DiscordRest as DiscordRest
from gateway._rest_port import Overwrite as Overwrite
from gateway._rest_port import private_channel_overwrites as private_channel_overwrites
from gateway._settings import DISCORD_API_BASE as DISCORD_API_BASE
from gateway._settings import GatewaySettings as GatewaySettings

__all__ = (
    "AiohttpDiscordRest",
    "BucketState",
    "ChannelSpec",
    "DISCORD_API_BASE",
    "DiscordGateway",
    "DiscordRest",
    "DiscordUnavailable",
    "Forbidden",
    "GatewayError",
    "GatewaySettings",
    "Handler",
    "InvalidRequest",
    "InvalidRequestGuard",
    "NO_MENTIONS",
    "NotFound",
    "Overwrite",
    "RateLimited",
    "Refusal",
    "interaction_handler",
    "ping_command",
    "private_channel_overwrites",
    "reply",
    "require_reply",
    "translate",
    "update_message",
)
