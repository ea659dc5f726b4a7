"""The emulator's gateway websocket: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME and faults.

Each IDENTIFY opens a :class:`GatewaySession` that outlives its socket, so a RESUME on a new socket
replays the dispatches the client missed (every dispatch carries a strictly increasing ``s``).
Dispatches made while no socket is open are buffered in the session and replayed on resume, as
Discord does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from gateway.emulator._state import World

logger = logging.getLogger(__name__)

_REPLAY_LIMIT = 5000
#: Discord closes a connection that sends more than 120 payloads in 60 seconds (code 4008).
SEND_LIMIT = 120
SEND_WINDOW = 60.0


@dataclass(slots=True)
class GatewaySession:
    """One identified gateway session (survives reconnects until invalidated)."""

    id: str
    seq: int = 0
    ws: web.WebSocketResponse | None = None
    backlog: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=_REPLAY_LIMIT))
    identifies: int = 1
    resumes: int = 0

    async def dispatch(self, event: str, data: Any) -> None:
        """Send (or buffer) a DISPATCH with the next sequence number."""
        self.seq += 1
        frame = {"op": 0, "t": event, "s": self.seq, "d": data}
        self.backlog.append(frame)
        ws = self.ws
        if ws is not None and not ws.closed:
            try:
                await ws.send_str(json.dumps(frame))
            except ConnectionError:
                logger.debug("dispatch on a closing socket; kept in the backlog for resume")


class GatewayServer:
    """Serves ``GET /gateway`` websockets for one :class:`World`."""

    def __init__(
        self, world: World, token: str, *, heartbeat_interval_ms: int, url: Callable[[], str]
    ) -> None:
        self.world = world
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self._url = url
        self.sessions: dict[str, GatewaySession] = {}
        self.current: GatewaySession | None = None
        self.sockets: set[web.WebSocketResponse] = set()
        self.withhold_heartbeat_acks = False
        self.received: list[dict[str, Any]] = []
        self.connected = asyncio.Event()
        #: While true, new gateway sockets are refused with 503 (a gateway outage).
        self.refuse_connections = False
        self.rate_limit_closes = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """One websocket connection from HELLO to close."""
        if self.refuse_connections:
            return web.Response(status=503, text="gateway outage (injected)")
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self.sockets.add(ws)
        session: GatewaySession | None = None
        loop = asyncio.get_running_loop()
        sent_at: deque[float] = deque()
        try:
            await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}))
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                self.received.append(frame)
                now = loop.time()
                sent_at.append(now)
                while sent_at and sent_at[0] <= now - SEND_WINDOW:
                    sent_at.popleft()
                if len(sent_at) > SEND_LIMIT:
                    self.rate_limit_closes += 1
                    await ws.close(code=4008, message=b"Rate limited.")
                    break
                op = frame.get("op")
                if op == 1:
                    if not self.withhold_heartbeat_acks:
                        await ws.send_str('{"op": 11}')
                elif op == 2:
                    session = await self._identify(ws, frame.get("d") or {})
                elif op == 6:
                    session = await self._resume(ws, frame.get("d") or {})
        finally:
            self.sockets.discard(ws)
            if session is not None and session.ws is ws:
                session.ws = None
                if self.current is session:
                    self.connected.clear()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> GatewaySession | None:
        if d.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        session = GatewaySession(id=secrets.token_hex(16), ws=ws)
        self.sessions[session.id] = session
        self.current = session
        world = self.world
        await session.dispatch(
            "READY",
            {
                "v": 10,
                "user": world.users[world.bot_id],
                "guilds": [{"id": gid, "unavailable": True} for gid in world.guilds],
                "session_id": session.id,
                "resume_gateway_url": self._url(),
                "shard": [0, 1],
                "application": {"id": world.app_id, "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "_trace": ["emulator"],
            },
        )
        for guild in world.guilds.values():
            await session.dispatch("GUILD_CREATE", guild.to_gateway(world.users))
        self.connected.set()
        return session

    async def _resume(self, ws: web.WebSocketResponse, d: dict[str, Any]) -> GatewaySession | None:
        session = self.sessions.get(str(d.get("session_id")))
        seq = d.get("seq") or 0
        if d.get("token") != self.token or session is None or seq > session.seq:
            await ws.send_str('{"op": 9, "d": false}')
            return None
        session.ws = ws
        session.resumes += 1
        self.current = session
        for frame in list(session.backlog):
            if frame["s"] > seq:
                await ws.send_str(json.dumps(frame))
        await session.dispatch("RESUMED", {"_trace": ["emulator"]})
        self.connected.set()
        return session

    async def dispatch(self, event: str, data: Any) -> None:
        """Dispatch to the current session (buffered when its socket is down)."""
        if self.current is not None:
            await self.current.dispatch(event, data)

    # -- fault injection --------------------------------------------------------------------------------

    async def close_current(self, code: int) -> None:
        """Close the live socket with ``code`` (4000 keeps the session resumable)."""
        self.connected.clear()
        session = self.current
        if session is not None and session.ws is not None:
            await session.ws.close(code=code, message=b"emulator fault")

    async def outage(self) -> None:
        """Start a gateway outage: drop the live socket (code 1011) and refuse new ones until restored."""
        self.refuse_connections = True
        await self.close_current(1011)

    def restore(self) -> None:
        """End an outage: sockets are accepted again."""
        self.refuse_connections = False

    async def send_op(self, payload: dict[str, Any]) -> None:
        """Send a raw frame on the live socket (op 1, 7, 9 and so on)."""
        session = self.current
        if session is not None and session.ws is not None and not session.ws.closed:
            await session.ws.send_str(json.dumps(payload))

    async def invalidate_session(self) -> None:
        """Send op 9 and forget the session: the client must IDENTIFY anew."""
        session = self.current
        if session is not None:
            self.sessions.pop(session.id, None)
            self.connected.clear()
            await self.send_op({"op": 9, "d": False})

    async def close_all(self) -> None:
        """Close every socket (emulator shutdown)."""
        for ws in list(self.sockets):
            await ws.close(code=1001, message=b"emulator stopping")
