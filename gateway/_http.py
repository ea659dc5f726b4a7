"""Adjustments to interactions.py's HTTP client and gateway, installed per client, documented per reason.

0. A ``None`` from the library's ``request`` (it gave up after its retries) raises ``DiscordUnavailable``.
1. Interaction callbacks and webhook-token routes skip the library's 45/s global lock: Discord exempts them
   from its global limit, and the lock otherwise caps a process at about 22 acknowledgements per second
   (platform notes §3.9). Other routes keep the lock.
2. Every response status is observed: counted by route class and status (``discord_requests_total``), 401/403/429
   answers also as invalid (``discord_invalid_requests_total``), and past a budget of those every request is
   held back (§2, 10,000 / 10 min).
3. Interaction callbacks get a fresh bucket lock per call. The library keys buckets only by channel, guild
   and webhook, so every callback of the process shares one lock whose semaphore is the callback bucket's
   ``X-RateLimit-Limit`` (a handful): at most that many acknowledgements could be in flight at once. Each
   interaction is acknowledged once, and Discord limits callbacks per interaction, so nothing is lost.
4. The gateway's internal reconnect is observed so readiness turns false during an outage (the library only
   dispatches ``Disconnect`` when the whole connection ends, not on a reconnect).

Hooks 2 and 4 patch module attributes of the library once per process, but act only for clients registered
here, through a context variable (HTTP) and a weak mapping (gateway), so other clients are unaffected.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Final

import interactions.api.gateway.websocket as _ws_module
import interactions.api.http.http_client as _http_module
from interactions.api.http.http_client import BucketLock, GlobalLock
from opentelemetry import trace
from prometheus_client import Counter

from gateway._errors import DiscordUnavailable
from gateway._invalid import InvalidRequestGuard, is_invalid
from gateway._metrics import DISCORD_REQUESTS, route_class
from telemetry import REGISTRY

logger = logging.getLogger(__name__)
_tracer = trace.get_tracer("together.discord")

INVALID_REQUESTS: Final = Counter(
    "discord_invalid_requests",
    "Discord answers that count towards the invalid-request ban (401, 403, non-shared 429)",
    ["status"],
    registry=REGISTRY,
)
REQUEST_FAILURES: Final = Counter(
    "discord_library_gave_up",
    "REST calls for which interactions.py returned nothing (retries exhausted)",
    registry=REGISTRY,
)


@dataclass(slots=True)
class _CallScope:
    guard: InvalidRequestGuard
    exempt: bool
    #: The route class counted in ``discord_requests_total`` (see ``gateway._metrics.route_class``).
    route: str = ""


_SCOPE: ContextVar[_CallScope | None] = ContextVar("together_discord_call", default=None)
_EXEMPT_PREFIXES: Final = ("/interactions/", "/webhooks/")


def is_exempt_path(path: str) -> bool:
    """Whether a route path is outside Discord's global limit (interaction callbacks, webhook tokens)."""
    return path.startswith(_EXEMPT_PREFIXES)


class GuardedGlobalLock(GlobalLock):
    """The library's 45/s lock, skipped for exempt routes and preceded by the invalid-request hold-back.

    Cancellation: the hold-back is a plain sleep, so a cancelled caller leaves no state behind.
    """

    async def wait(self) -> None:
        """Hold back while the invalid-request budget is spent; then the 45/s lock unless exempt."""
        scope = _SCOPE.get()
        if scope is not None:
            hold = scope.guard.delay(time.monotonic())
            if hold > 0:
                logger.warning(
                    "holding Discord requests back: invalid-request budget spent", extra={"hold_s": hold}
                )
                await asyncio.sleep(hold)
            if scope.exempt:
                return
        await super().wait()


_original_decode: Callable[[Any], Awaitable[Any]] | None = None


async def _observing_decode(response: Any) -> Any:
    assert _original_decode is not None
    scope = _SCOPE.get()
    if scope is not None and scope.route:
        DISCORD_REQUESTS.labels(scope.route, str(response.status)).inc()
        span = trace.get_current_span()  # the library retries inside one request span: the last status wins
        span.set_attribute("http.response.status_code", int(response.status))
        if response.status >= 400:
            span.add_event("discord.response", {"http.response.status_code": int(response.status)})
    if scope is not None and is_invalid(response.status, response.headers.get("X-RateLimit-Scope")):
        scope.guard.record(time.monotonic())
        INVALID_REQUESTS.labels(status=str(response.status)).inc()
    return await _original_decode(response)


_gateway_hooks: weakref.WeakKeyDictionary[Any, Callable[[], None]] = weakref.WeakKeyDictionary()
_original_reconnect: Callable[..., Awaitable[None]] | None = None


async def _observing_reconnect(self: Any, *args: Any, **kwargs: Any) -> None:
    assert _original_reconnect is not None
    hook = _gateway_hooks.get(self.state.client)
    if hook is not None:
        hook()
    await _original_reconnect(self, *args, **kwargs)


def _install_module_hooks() -> None:
    global _original_decode, _original_reconnect
    if _original_decode is None:
        module_vars = vars(_http_module)
        _original_decode = module_vars["response_decode"]
        module_vars["response_decode"] = _observing_decode
    if _original_reconnect is None:
        _original_reconnect = _ws_module.WebsocketClient.reconnect
        _ws_module.WebsocketClient.reconnect = _observing_reconnect  # type: ignore[method-assign]


def instrument_client(client: Any, guard: InvalidRequestGuard, on_reconnect: Callable[[], None]) -> None:
    """Apply the adjustments to one ``interactions.Client`` (before it logs in)."""
    _install_module_hooks()
    http = client.http
    http.global_lock = GuardedGlobalLock()
    original_request = http.request

    async def request(route: Any, *args: Any, **kwargs: Any) -> Any:
        scope = _CallScope(guard=guard, exempt=is_exempt_path(route.path), route=route_class(route.method, route.path))
        token = _SCOPE.set(scope)
        # ``route.path`` is the template: the interaction token stays in ``route.params``, out of the span.
        attributes = {"http.request.method": route.method, "url.template": route.path}
        try:
            with _tracer.start_as_current_span(
                f"discord {route.method} {route.path}", kind=trace.SpanKind.CLIENT, attributes=attributes
            ):
                result = await original_request(route, *args, **kwargs)
        finally:
            _SCOPE.reset(token)
        if result is None:
            # The library falls off its retry loop (three 429s or 5xx) and returns None without raising;
            # every successful answer decodes to a dict, a list or a string (empty for 204).
            REQUEST_FAILURES.inc()
            raise DiscordUnavailable(
                f"{route.method} {route.path}: interactions.py gave up after its retries"
            )
        return result

    http.request = request
    original_get_ratelimit = http.get_ratelimit

    def get_ratelimit(route: Any) -> Any:
        if route.path.startswith("/interactions/"):
            return BucketLock()
        return original_get_ratelimit(route)

    http.get_ratelimit = get_ratelimit
    _gateway_hooks[client] = on_reconnect
