"""The Discord side: the interactions.py client, the typed interaction and its responder, the REST port.

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
from gateway._handler import Callback as Callback
from gateway._handler import Handler as Handler
from gateway._handler import LocaleOf as LocaleOf
from gateway._handler import enveloped as enveloped
from gateway._handler import interaction_handler as interaction_handler
from gateway._i18n import translate as translate
from gateway._interaction import MAX_SAFE_INTEGER as MAX_SAFE_INTEGER
from gateway._interaction import MAX_STRING_OPTION as MAX_STRING_OPTION
from gateway._interaction import NO_CHANNELS as NO_CHANNELS
from gateway._interaction import CachedChannel as CachedChannel
from gateway._interaction import DeclaredOption as DeclaredOption
from gateway._interaction import GuildChannels as GuildChannels
from gateway._interaction import Interaction as Interaction
from gateway._interaction import InteractionKind as InteractionKind
from gateway._interaction import OptionValue as OptionValue
from gateway._interaction import ResolvedChannel as ResolvedChannel
from gateway._interaction import ResolvedRole as ResolvedRole
from gateway._interaction import ResolvedUser as ResolvedUser
from gateway._interaction import check_options as check_options
from gateway._interaction import interaction_from_payload as interaction_from_payload
from gateway._invalid import InvalidRequestGuard as InvalidRequestGuard
from gateway._ping import ping_command as ping_command
from gateway._refusal import OptionRefusal as OptionRefusal
from gateway._refusal import OutdatedControl as OutdatedControl
from gateway._refusal import Refusal as Refusal
from gateway._responder import EPHEMERAL as EPHEMERAL
from gateway._responder import NO_MENTIONS as NO_MENTIONS
from gateway._responder import Responder as Responder
from gateway._rest_port import AiohttpDiscordRest as AiohttpDiscordRest
from gateway._rest_port import ChannelSpec as ChannelSpec
from gateway._rest_port import DiscordRest as DiscordRest
from gateway._rest_port import Overwrite as Overwrite
from gateway._rest_port import private_channel_overwrites as private_channel_overwrites
from gateway._routing import ControlHints as ControlHints
from gateway._settings import DISCORD_API_BASE as DISCORD_API_BASE
from gateway._settings import GatewaySettings as GatewaySettings

__all__ = (
    "AiohttpDiscordRest",
    "BucketState",
    "CachedChannel",
    "Callback",
    "ChannelSpec",
    "ControlHints",
    "DISCORD_API_BASE",
    "DeclaredOption",
    "DiscordGateway",
    "DiscordRest",
    "DiscordUnavailable",
    "EPHEMERAL",
    "Forbidden",
    "GatewayError",
    "GatewaySettings",
    "GuildChannels",
    "Handler",
    "Interaction",
    "InteractionKind",
    "InvalidRequest",
    "InvalidRequestGuard",
    "LocaleOf",
    "MAX_SAFE_INTEGER",
    "MAX_STRING_OPTION",
    "NO_CHANNELS",
    "NO_MENTIONS",
    "NotFound",
    "OptionRefusal",
    "OptionValue",
    "OutdatedControl",
    "Overwrite",
    "RateLimited",
    "Refusal",
    "ResolvedChannel",
    "ResolvedRole",
    "ResolvedUser",
    "Responder",
    "check_options",
    "enveloped",
    "interaction_from_payload",
    "interaction_handler",
    "ping_command",
    "private_channel_overwrites",
    "translate",
)
