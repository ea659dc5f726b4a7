"""The Discord REST port actors use: a Protocol, and its aiohttp implementation with typed errors and pacing.

Unlike interactions.py's client, this port never returns a silent ``None`` and never retries a 429 on its own
by default: it raises :class:`RateLimited` with the wait, so a caller such as a projection actor can drop a
stale payload instead of resending it. Requests are paced by the route bucket (learned from headers) and by a
process-wide 45/s pacer; :meth:`AiohttpDiscordRest.bucket` exposes a route's bucket state.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp
import msgspec
from opentelemetry import trace
from opentelemetry.semconv.attributes.error_attributes import ERROR_TYPE

from gateway._buckets import BucketBook, BucketState, GlobalPacer
from gateway._errors import DiscordUnavailable, Forbidden, InvalidRequest, NotFound, RateLimited
from gateway._http import INVALID_REQUESTS
from gateway._invalid import InvalidRequestGuard, is_invalid
from gateway._metrics import DISCORD_REQUESTS, route_class
from gateway._settings import DISCORD_API_BASE

logger = logging.getLogger(__name__)
_tracer = trace.get_tracer("together.discord")

JsonObject = dict[str, Any]


class Overwrite(msgspec.Struct, frozen=True, kw_only=True):
    """A channel permission overwrite: ``kind`` 0 = role, 1 = member; bit sets as ints."""

    id: str
    kind: int
    allow: int = 0
    deny: int = 0

    def to_json(self) -> JsonObject:
        """The request-body form (bit sets as integers, as the OpenAPI spec types them on channel create)."""
        return {"id": self.id, "type": self.kind, "allow": self.allow, "deny": self.deny}


class ChannelSpec(msgspec.Struct, frozen=True, kw_only=True):
    """A text channel to create (``parent_id`` = the category)."""

    name: str
    parent_id: str | None = None
    topic: str | None = None
    overwrites: tuple[Overwrite, ...] = ()
    type: int = 0


class DiscordRest(Protocol):
    """What actors may do to Discord over REST. Every method raises a ``GatewayError`` subclass on failure."""

    async def create_message(self, channel_id: str, body: JsonObject) -> JsonObject:
        """Post a message; returns the message object."""
        ...

    async def edit_message(self, channel_id: str, message_id: str, body: JsonObject) -> JsonObject:
        """Edit a message; :class:`NotFound` when it was deleted."""
        ...

    async def delete_message(self, channel_id: str, message_id: str) -> None:
        """Delete a message (already gone counts as :class:`NotFound`)."""
        ...

    async def get_message(self, channel_id: str, message_id: str) -> JsonObject:
        """Read a message."""
        ...

    async def pin_message(self, channel_id: str, message_id: str) -> None:
        """Pin a message."""
        ...

    async def unpin_message(self, channel_id: str, message_id: str) -> None:
        """Unpin a message."""
        ...

    async def create_channel(self, guild_id: str, spec: ChannelSpec) -> JsonObject:
        """Create a channel (private when its overwrites deny @everyone VIEW_CHANNEL)."""
        ...

    async def delete_channel(self, channel_id: str) -> None:
        """Delete a channel."""
        ...

    async def get_member(self, guild_id: str, user_id: str) -> JsonObject:
        """Read a guild member."""
        ...

    async def get_roles(self, guild_id: str) -> list[JsonObject]:
        """List a guild's roles."""
        ...

    async def get_guild(self, guild_id: str) -> JsonObject:
        """Read a guild (its owner and roles with their permissions)."""
        ...

    async def get_guild_channels(self, guild_id: str) -> list[JsonObject]:
        """List a guild's channels with their permission overwrites."""
        ...

    async def bulk_overwrite_commands(
        self, application_id: str, commands: list[JsonObject], guild_id: str | None = None
    ) -> list[JsonObject]:
        """Replace every application command (of ``guild_id``, or global) with ``commands``."""
        ...

    async def add_member_role(self, guild_id: str, user_id: str, role_id: str) -> None:
        """Give a member a role."""
        ...

    async def remove_member_role(self, guild_id: str, user_id: str, role_id: str) -> None:
        """Take a role from a member."""
        ...

    def bucket(self, method: str, template: str, major: str) -> BucketState | None:
        """The last known state of a route's bucket, or ``None`` before its first response."""
        ...


def _bucket_key(method: str, template: str, major: str) -> str:
    return f"{method} {template}|{major}"


class AiohttpDiscordRest:
    """:class:`DiscordRest` over aiohttp. Use as an async context manager or call :meth:`close`.

    Concurrency: requests on one bucket are serialized by a per-bucket lock held while waiting for the
    bucket and the global pacer; a cancelled caller releases the lock and sends nothing.
    """

    def __init__(
        self,
        token: str,
        *,
        api_base: str | None = None,
        global_rate: int = 45,
        guard: InvalidRequestGuard | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self._token = token
        self._base = (api_base or DISCORD_API_BASE).rstrip("/")
        self._host = urlsplit(self._base).hostname or ""
        self._session = session
        self._own_session = session is None
        self.buckets = BucketBook()
        self.pacer = GlobalPacer(rate=global_rate)
        self.guard = guard or InvalidRequestGuard()
        self._locks: dict[str, asyncio.Lock] = {}
        self._global_lock = asyncio.Lock()

    async def __aenter__(self) -> AiohttpDiscordRest:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session if this object created it."""
        if self._session is not None and self._own_session:
            await self._session.close()
        self._session = None

    def bucket(self, method: str, template: str, major: str) -> BucketState | None:
        """The last known state of a route's bucket."""
        return self.buckets.peek(_bucket_key(method, template, major))

    async def request(
        self, method: str, template: str, *, major: str, body: Any = None, **params: str
    ) -> Any:
        """Send one request on the route ``template`` (formatted with ``params``); JSON in, JSON out."""
        key = _bucket_key(method, template, major)
        lock = self._locks.setdefault(key, asyncio.Lock())
        # A client span per call, named and tagged by the route *template*: never the path (it may hold an
        # interaction token), the token or the body.
        with _tracer.start_as_current_span(
            f"discord {method} {template}",
            kind=trace.SpanKind.CLIENT,
            attributes={"http.request.method": method, "url.template": template, "server.address": self._host},
        ) as span:
            async with lock:
                await self._pace(key, span)
                return await self._send(
                    method, template.format(**params), key, body, route_class(method, template), span
                )

    async def _pace(self, key: str, span: trace.Span) -> None:
        # Wait for the bucket (and the invalid-request budget), then for the global pacer. Each wait is a
        # computed sleep followed by a re-check, because other requests may have moved the state meanwhile.
        while (wait := self._bucket_wait(key)) > 0:
            span.add_event("discord.bucket_wait", {"wait_s": round(wait, 3)})
            await asyncio.sleep(wait)
        async with self._global_lock:
            while (wait := self.pacer.delay(time.monotonic())) > 0:
                span.add_event("discord.pacing_wait", {"wait_s": round(wait, 3)})
                await asyncio.sleep(wait)
            now = time.monotonic()
            self.pacer.sent(now)
            self.buckets.state(key).reserve(now)

    def _bucket_wait(self, key: str) -> float:
        now = time.monotonic()
        return max(self.buckets.state(key).delay(now), self.guard.delay(now))

    async def _send(self, method: str, path: str, key: str, body: Any, route: str, span: trace.Span) -> Any:
        if self._session is None:
            self._session = aiohttp.ClientSession()
            self._own_session = True
        headers = {"Authorization": f"Bot {self._token}", "User-Agent": "DiscordBot (together, 0.1)"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        try:
            async with self._session.request(method, self._base + path, data=data, headers=headers) as resp:
                raw = await resp.read()
                status, rh = resp.status, resp.headers
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            DISCORD_REQUESTS.labels(route, "error").inc()
            span.set_attribute(ERROR_TYPE, type(exc).__name__)
            span.set_status(trace.Status(trace.StatusCode.ERROR, type(exc).__name__))
            raise DiscordUnavailable(f"{method} {path}: {exc!r}") from exc
        DISCORD_REQUESTS.labels(route, str(status)).inc()
        span.set_attribute("http.response.status_code", status)
        if bucket_id := rh.get("X-RateLimit-Bucket"):
            span.set_attribute("discord.ratelimit.bucket", bucket_id)
        now = time.monotonic()
        self.buckets.update(key, rh, now)
        scope = rh.get("X-RateLimit-Scope")
        if is_invalid(status, scope):
            self.guard.record(now)
            INVALID_REQUESTS.labels(status=str(status)).inc()
        payload = _json(raw)
        if status < 300:
            return payload
        code = int(payload.get("code", 0)) if isinstance(payload, dict) else 0
        span.set_attribute(ERROR_TYPE, str(status))
        span.set_attribute("discord.error_code", code)
        span.set_status(trace.Status(trace.StatusCode.ERROR, f"HTTP {status}"))
        message = payload.get("message") if isinstance(payload, dict) else None
        if status == 429:
            retry = float(rh.get("X-RateLimit-Reset-After") or 0) or float(
                (payload or {}).get("retry_after", 1.0) if isinstance(payload, dict) else 1.0
            )
            is_global = scope == "global" or (isinstance(payload, dict) and bool(payload.get("global")))
            if is_global:
                self.pacer.block(retry, now)
            else:
                self.buckets.block(key, retry, now)
            raise RateLimited(
                retry, scope="global" if is_global else scope or "user", bucket=rh.get("X-RateLimit-Bucket")
            )
        if status == 404:
            raise NotFound(f"{method} {path}: {message}", code=code)
        if status in (401, 403):
            raise Forbidden(f"{method} {path}: {message}", code=code)
        if 400 <= status < 500:
            raise InvalidRequest(f"{method} {path}: {message} {payload}", code=code)
        raise DiscordUnavailable(f"{method} {path}: HTTP {status}")

    # -- the port ----------------------------------------------------------------------------------------

    async def create_message(self, channel_id: str, body: JsonObject) -> JsonObject:
        """Post a message."""
        return await self.request(  # type: ignore[no-any-return]
            "POST", "/channels/{channel_id}/messages", major=channel_id, body=body, channel_id=channel_id
        )

    async def edit_message(self, channel_id: str, message_id: str, body: JsonObject) -> JsonObject:
        """Edit a message."""
        return await self.request(  # type: ignore[no-any-return]
            "PATCH",
            "/channels/{channel_id}/messages/{message_id}",
            major=channel_id,
            body=body,
            channel_id=channel_id,
            message_id=message_id,
        )

    async def delete_message(self, channel_id: str, message_id: str) -> None:
        """Delete a message."""
        await self.request(
            "DELETE",
            "/channels/{channel_id}/messages/{message_id}",
            major=channel_id,
            channel_id=channel_id,
            message_id=message_id,
        )

    async def get_message(self, channel_id: str, message_id: str) -> JsonObject:
        """Read a message."""
        return await self.request(  # type: ignore[no-any-return]
            "GET",
            "/channels/{channel_id}/messages/{message_id}",
            major=channel_id,
            channel_id=channel_id,
            message_id=message_id,
        )

    async def pin_message(self, channel_id: str, message_id: str) -> None:
        """Pin a message."""
        await self.request(
            "PUT",
            "/channels/{channel_id}/pins/{message_id}",
            major=channel_id,
            channel_id=channel_id,
            message_id=message_id,
        )

    async def unpin_message(self, channel_id: str, message_id: str) -> None:
        """Unpin a message."""
        await self.request(
            "DELETE",
            "/channels/{channel_id}/pins/{message_id}",
            major=channel_id,
            channel_id=channel_id,
            message_id=message_id,
        )

    async def create_channel(self, guild_id: str, spec: ChannelSpec) -> JsonObject:
        """Create a channel."""
        body: JsonObject = {"name": spec.name, "type": spec.type}
        if spec.parent_id is not None:
            body["parent_id"] = spec.parent_id
        if spec.topic is not None:
            body["topic"] = spec.topic
        if spec.overwrites:
            body["permission_overwrites"] = [o.to_json() for o in spec.overwrites]
        return await self.request(  # type: ignore[no-any-return]
            "POST", "/guilds/{guild_id}/channels", major=guild_id, body=body, guild_id=guild_id
        )

    async def delete_channel(self, channel_id: str) -> None:
        """Delete a channel."""
        await self.request("DELETE", "/channels/{channel_id}", major=channel_id, channel_id=channel_id)

    async def get_member(self, guild_id: str, user_id: str) -> JsonObject:
        """Read a guild member."""
        return await self.request(  # type: ignore[no-any-return]
            "GET", "/guilds/{guild_id}/members/{user_id}", major=guild_id, guild_id=guild_id, user_id=user_id
        )

    async def get_roles(self, guild_id: str) -> list[JsonObject]:
        """List a guild's roles."""
        return await self.request(  # type: ignore[no-any-return]
            "GET", "/guilds/{guild_id}/roles", major=guild_id, guild_id=guild_id
        )

    async def get_guild(self, guild_id: str) -> JsonObject:
        """Read a guild."""
        return await self.request(  # type: ignore[no-any-return]
            "GET", "/guilds/{guild_id}", major=guild_id, guild_id=guild_id
        )

    async def get_guild_channels(self, guild_id: str) -> list[JsonObject]:
        """List a guild's channels."""
        return await self.request(  # type: ignore[no-any-return]
            "GET", "/guilds/{guild_id}/channels", major=guild_id, guild_id=guild_id
        )

    async def bulk_overwrite_commands(
        self, application_id: str, commands: list[JsonObject], guild_id: str | None = None
    ) -> list[JsonObject]:
        """Replace every application command (``PUT``: Discord deletes the ones not listed)."""
        if guild_id is None:
            return await self.request(  # type: ignore[no-any-return]
                "PUT",
                "/applications/{application_id}/commands",
                major=application_id,
                body=commands,
                application_id=application_id,
            )
        return await self.request(  # type: ignore[no-any-return]
            "PUT",
            "/applications/{application_id}/guilds/{guild_id}/commands",
            major=application_id,
            body=commands,
            application_id=application_id,
            guild_id=guild_id,
        )

    async def add_member_role(self, guild_id: str, user_id: str, role_id: str) -> None:
        """Give a member a role."""
        await self.request(
            "PUT",
            "/guilds/{guild_id}/members/{user_id}/roles/{role_id}",
            major=guild_id,
            guild_id=guild_id,
            user_id=user_id,
            role_id=role_id,
        )

    async def remove_member_role(self, guild_id: str, user_id: str, role_id: str) -> None:
        """Take a role from a member."""
        await self.request(
            "DELETE",
            "/guilds/{guild_id}/members/{user_id}/roles/{role_id}",
            major=guild_id,
            guild_id=guild_id,
            user_id=user_id,
            role_id=role_id,
        )


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def private_channel_overwrites(
    guild_id: str, member_ids: Sequence[str], bot_id: str, *, view: int = 1 << 10, send: int = 1 << 11
) -> tuple[Overwrite, ...]:
    """Overwrites for a private room: @everyone denied view; each member and the bot allowed view and send."""
    allow = view | send | (1 << 16)
    return (
        Overwrite(id=guild_id, kind=0, deny=view),
        *(Overwrite(id=m, kind=1, allow=allow) for m in member_ids),
        Overwrite(id=bot_id, kind=1, allow=allow),
    )
