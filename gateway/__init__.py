"""Discord: the interactions.py client, handlers, rendering, the REST port and the local emulator."""

from __future__ import annotations

from gateway._buckets import BucketState as BucketState
from gateway._client import DiscordGateway as DiscordGateway
from gateway._errors import DiscordUnavailable as DiscordUnavailable
from gateway._errors import Forbidden as Forbidden
from gateway._errors import GatewayError as GatewayError
from gateway._errors import InvalidRequest as InvalidRequest
from gateway._errors import NotFound as NotFound
from gateway._errors import RateLimited as RateLimited
from gateway._handler import interaction_handler as interaction_handler
from gateway._handler import require_reply as require_reply
from gateway._i18n import translate as translate
from gateway._local import LocalDiscord as LocalDiscord
from gateway._local import start_local_emulator as start_local_emulator
from gateway._refusal import Refusal as Refusal
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
    "DISCORD_API_BASE",
    "AiohttpDiscordRest",
    "BucketState",
    "ChannelSpec",
    "DiscordRest",
    "Overwrite",
    "private_channel_overwrites",
    "reply",
    "update_message",
    "DiscordGateway",
    "DiscordUnavailable",
    "Forbidden",
    "GatewayError",
    "GatewaySettings",
    "InvalidRequest",
    "LocalDiscord",
    "NotFound",
    "RateLimited",
    "Refusal",
    "interaction_handler",
    "require_reply",
    "start_local_emulator",
    "translate",
)
