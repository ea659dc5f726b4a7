"""The emulator process: aiohttp REST under ``/api/v10`` plus the gateway websocket, on loopback.

Every REST request goes through one pipeline, in this order: request log → injected latency → injected fault →
bot-token check → rate limits (per-route bucket, then the 50/s global cap) → body decoding and OpenAPI schema
validation → the operation. Schema violations and content-rule refusals are also appended to
:attr:`DiscordEmulator.violations`, which tests assert empty.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from gateway.emulator import _rest, _rest_channels, _rest_commands, _rest_guilds, _rest_interactions
from gateway.emulator._control import add_control_routes
from gateway.emulator._gateway import GatewayServer
from gateway.emulator._ratelimit import RateLimiter
from gateway.emulator._routes import match
from gateway.emulator._schema import SchemaBook
from gateway.emulator._state import World
from gateway.emulator._web import add_web_routes

logger = logging.getLogger(__name__)

# Importing the operation modules registers their handlers; keep the names referenced for linters.
_OPERATION_MODULES = (_rest_commands, _rest_interactions, _rest_channels, _rest_guilds)

_SCHEMAS: SchemaBook | None = None


def shared_schema_book() -> SchemaBook:
    """One process-wide compiled copy of the OpenAPI validators (the document is 1.2 MB)."""
    global _SCHEMAS
    if _SCHEMAS is None:
        _SCHEMAS = SchemaBook()
    return _SCHEMAS


@dataclass(slots=True)
class RequestRecord:
    """One REST request as received, with its answer."""

    method: str
    path: str
    template: str | None
    body: Any
    at: float
    status: int = 0


@dataclass(slots=True)
class Fault:
    """An injected failure: the next ``times`` requests matching method/template get ``status``."""

    method: str | None
    template: str | None
    status: int
    times: int
    retry_after: float = 0.5
    scope: str = "user"
    with_headers: bool = True


@dataclass(slots=True)
class Violation:
    """A request the real Discord would have refused (schema or content rule)."""

    method: str
    path: str
    problems: list[str]


@dataclass(slots=True)
class Stats:
    """Counters benchmarks read."""

    requests: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


class DiscordEmulator:
    """A loopback Discord: REST, gateway, state, rules, fault injection. Start with :meth:`start`."""

    def __init__(
        self,
        *,
        token: str = "emulator-bot-token",
        app_id: str | None = None,
        heartbeat_interval_ms: int = 41_250,
        validate_schemas: bool = True,
        enforce_global_limit: bool = True,
        request_log_size: int = 20_000,
    ) -> None:
        self.token = token
        self.world = World(app_id=app_id)
        self.limiter = RateLimiter(global_limit=50 if enforce_global_limit else 1_000_000)
        self.validate_schemas = validate_schemas
        #: The most recent requests (bounded so a long offline ``together run`` keeps memory flat).
        self.requests: deque[RequestRecord] = deque(maxlen=request_log_size)
        self.keep_request_log = True
        self.violations: list[Violation] = []
        self.faults: list[Fault] = []
        self.latency = 0.0
        self.time_offset = 0.0
        self.command_syncs = 0
        self.stats = Stats()
        self.host = "127.0.0.1"
        self.port = 0
        self.gateway = GatewayServer(
            self.world, token, heartbeat_interval_ms=heartbeat_interval_ms, url=lambda: self.gateway_url
        )
        self._runner: web.AppRunner | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> DiscordEmulator:
        """Bind and serve; ``port=0`` picks a free port (read :attr:`port` afterwards)."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        add_control_routes(app, self)
        add_web_routes(app, self)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.host = host
        self.port = sockets[0].getsockname()[1] if sockets else port
        logger.debug(
            "Discord emulator listening on %s (control: %s/_emulator/state)", self.api_base, self.base_url
        )
        return self

    async def close(self) -> None:
        """Close the gateway sockets and stop serving."""
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """The server's root URL (the control routes live under ``/_emulator``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """The REST base URL (``.../api/v10``) to point a client at."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """The gateway websocket URL that ``GET /gateway`` returns."""
        return f"ws://{self.host}:{self.port}/gateway"

    def now(self) -> float:
        """The emulator clock (monotonic plus :attr:`time_offset`, which tests move to expire tokens)."""
        return time.monotonic() + self.time_offset

    # -- fault injection ---------------------------------------------------------------------------------

    def inject(
        self,
        status: int,
        *,
        method: str | None = None,
        template: str | None = None,
        times: int = 1,
        retry_after: float = 0.5,
        scope: str = "user",
        with_headers: bool = True,
    ) -> Fault:
        """Answer the next ``times`` matching requests with ``status`` (429 with real headers, or a 5xx)."""
        fault = Fault(method, template, status, times, retry_after, scope, with_headers)
        self.faults.append(fault)
        return fault

    def _take_fault(self, method: str, template: str | None) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method in (None, method) and fault.template in (None, template):
                fault.times -= 1
                return fault
        return None

    # -- the pipeline --------------------------------------------------------------------------------------

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
        self.stats.requests += 1
        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
        # Content-Type must be exactly application/json: interactions.py parses nothing else.
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        if status == 204 or body is None:
            return web.Response(status=status, headers={k: v for k, v in hdrs.items() if k != "Content-Type"})
        return web.Response(status=status, body=json.dumps(body).encode(), headers=hdrs)

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        found = match(request.method, path)
        template = found[0].template if found else None
        raw = await request.read()
        body = self._decode(request, raw)
        record = RequestRecord(request.method, path, template, body, self.now())
        if self.keep_request_log:
            self.requests.append(record)
        if self.latency:
            await asyncio.sleep(self.latency)
        response = await self._answer(request, path, found, body)
        record.status = response.status
        if request.method != "GET" and response.status < 400:
            self.world.mark_changed()
        return response

    def _decode(self, request: web.Request, raw: bytes) -> Any:
        if not raw:
            return None
        ctype = request.headers.get("Content-Type", "")
        try:
            if ctype.startswith("multipart/form-data"):
                return self._payload_json(raw, ctype)
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")

    @staticmethod
    def _payload_json(raw: bytes, ctype: str) -> Any:
        boundary = ctype.split("boundary=", 1)[1].strip('"').encode()
        for part in raw.split(b"--" + boundary):
            head, _, content = part.partition(b"\r\n\r\n")
            if b'name="payload_json"' in head:
                return json.loads(content.rstrip(b"\r\n"))
        return None

    async def _answer(
        self, request: web.Request, path: str, found: tuple[Any, dict[str, str]] | None, body: Any
    ) -> web.Response:
        method = request.method
        template = found[0].template if found else None
        fault = self._take_fault(method, template)
        if fault is not None:
            return self._fault_response(fault, found)
        if found is None:
            return self._json(404, {"code": 0, "message": "404: Not Found"})
        route, params = found
        if not route.interaction and request.headers.get("Authorization") != f"Bot {self.token}":
            return self._json(401, {"code": 0, "message": "401: Unauthorized"})
        if self.stats.requests % 1000 == 999:
            self.limiter.forget_expired(self.now())
            self.world.forget_interactions(self.now())
        decision = self.limiter.check(
            route.limit, route.major(params), self.now(), global_exempt=route.interaction
        )
        headers = decision.headers(epoch_now=time.time())
        if not decision.allowed:
            return self._json(429, decision.body(), headers)
        if self.validate_schemas and body is not None:
            problems = shared_schema_book().problems(method, template or path, body)
            if problems:
                self.violations.append(Violation(method, path, problems))
                return self._json(400, _rest.invalid_form(problems).body(), headers)
        call = _rest.Call(method, route.template, params, dict(request.query), body)
        handler = _rest.HANDLERS[(method, route.template)]
        try:
            status, out = await handler(self, call)
        except _rest.ApiError as exc:
            if exc.code == 50035:
                self.violations.append(Violation(method, path, list((exc.errors or {}).get("_problems", []))))
            return self._json(exc.status, exc.body(), headers)
        except Exception as exc:
            # A request the emulator did not foresee is a bug here, not in the bot: say so in Discord's shape
            # (and record it, so the test that sent it fails) instead of aiohttp's bare text 500.
            logger.exception("the emulator failed on %s %s", method, path)
            self.violations.append(Violation(method, path, [f"emulator error: {type(exc).__name__}: {exc}"]))
            return self._json(500, {"code": 0, "message": f"500: Internal Server Error ({type(exc).__name__})"})
        return self._json(status, out, headers)

    def _fault_response(self, fault: Fault, found: tuple[Any, dict[str, str]] | None) -> web.Response:
        if fault.status != 429:
            return self._json(fault.status, {"code": 0, "message": f"{fault.status}: injected fault"})
        body = {
            "message": "The resource is being rate limited."
            if fault.scope == "shared"
            else "You are being rate limited.",
            "retry_after": fault.retry_after,
            "global": fault.scope == "global",
        }
        headers = {"Retry-After": str(max(1, round(fault.retry_after)))}
        if fault.with_headers:
            headers.update(
                {
                    "X-RateLimit-Limit": "5",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{time.time() + fault.retry_after:.3f}",
                    "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
                    "X-RateLimit-Bucket": "injected" + (found[0].limit.bucket if found else ""),
                    "X-RateLimit-Scope": fault.scope,
                }
            )
            if fault.scope == "global":
                headers["X-RateLimit-Global"] = "true"
        return self._json(429, body, headers)
