"""``DiscordGateway``: the interactions.py client, configured and supervised the way this project needs.

Start-up order: point the library at the configured REST base, log in, open the gateway, sync application
commands (to ``guild_id`` when set, else globally) — the library drops interactions until that sync is done,
so :attr:`ready` only turns true after it — then handle interactions. ``stop()`` never calls the library's
``Client.stop()``, which spins forever in 5.16.0 (platform notes §3.10); it cancels the client task instead.

The library resumes by itself after close codes, op 7 and op 9, but when a reconnect attempt fails (the
gateway is down) its connection task simply ends. :meth:`DiscordGateway._run` therefore re-opens the gateway
with capped, jittered backoff until stopped; only fatal close codes (bad token, bad intents) end it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Iterable
from typing import Any

import interactions
from interactions.api.events import Disconnect, Resume, Startup, WebsocketReady
from interactions.api.http.route import Route
from interactions.client.errors import LibraryException, LoginError, WebSocketClosed

from gateway._context import ComponentContext, ModalContext, SlashContext
from gateway._errors import GatewayError
from gateway._handler import LocaleOf
from gateway._http import instrument_client
from gateway._invalid import InvalidRequestGuard
from gateway._ping import ping_command
from gateway._readiness import Readiness
from gateway._routing import ControlHints, route_interactions
from gateway._settings import DISCORD_API_BASE, GatewaySettings

logger = logging.getLogger(__name__)


class DiscordGateway:
    """One bot connection to Discord (or to the emulator), with readiness a health check can read.

    Register feature commands through :attr:`client` (``client.add_command``) before :meth:`start`. Every
    interaction is answered, routed or not (:func:`gateway._routing.route_interactions`): ``locale_of`` picks
    the language of those answers (the guild's configured one; Discord's without it), ``control_hints`` the way
    forward for an outdated control by its custom-id prefix.
    """

    def __init__(
        self,
        settings: GatewaySettings,
        *,
        commands: Iterable[interactions.BaseCommand] = (),
        invalid_requests: InvalidRequestGuard | None = None,
        locale_of: LocaleOf | None = None,
        control_hints: ControlHints | None = None,
    ) -> None:
        self.settings = settings
        self.readiness = Readiness()
        # Shared with the REST port (and with a later reconnecting gateway) so the budget is per process.
        self.invalid_requests = invalid_requests or InvalidRequestGuard(settings.invalid_request_budget)
        scope: Any = settings.guild_id if settings.guild_id is not None else interactions.MISSING
        self.client = interactions.Client(
            token=settings.token,
            send_command_tracebacks=False,
            debug_scope=scope,
            logger=logging.getLogger("interactions"),
            # Contexts that keep the interaction's JSON, which handlers' typed Interaction is read from.
            slash_context=SlashContext,
            component_context=ComponentContext,
            modal_context=ModalContext,
        )
        instrument_client(self.client, self.invalid_requests, self._on_reconnect)
        route_interactions(self.client, locale_of=locale_of, hints=control_hints)
        self._listen()
        self.client.add_command(ping_command())
        for command in commands:
            self.client.add_command(command)
        self._task: asyncio.Task[None] | None = None

    def _on_reconnect(self) -> None:
        # Called by the library's reconnect. After stop() the library's orphaned receive task may still try
        # to reconnect on a closed session; cancelling it here ends that task quietly.
        if self.readiness.stopped:
            raise asyncio.CancelledError
        self.readiness.on_disconnect()

    def _listen(self) -> None:
        readiness = self.readiness

        async def on_startup(event: Startup) -> None:
            readiness.on_startup()
            logger.info("Discord ready: commands synced")

        async def on_websocket_ready(event: WebsocketReady) -> None:
            readiness.on_websocket_ready()

        async def on_resume(event: Resume) -> None:
            readiness.on_resumed()
            logger.info("Discord gateway resumed")

        async def on_disconnect(event: Disconnect) -> None:
            readiness.on_disconnect()
            logger.warning("Discord gateway disconnected")

        for event, fn in (
            ("startup", on_startup),
            ("websocket_ready", on_websocket_ready),
            ("resume", on_resume),
            ("disconnect", on_disconnect),
        ):
            self.client.add_listener(interactions.Listener.create(event)(fn))

    @property
    def ready(self) -> bool:
        """True once commands are synced and while the gateway socket is identified or resumed."""
        return self.readiness.ready

    @property
    def task(self) -> asyncio.Task[None] | None:
        """The task running the client (a supervisor may await it: it ends only on a fatal error or stop)."""
        return self._task

    async def start(self) -> None:
        """Connect and wait until ready; raises :class:`GatewayError` if the client dies or times out first.

        ``Route.BASE`` is a class attribute of the library, so the API base applies to the whole process.
        """
        if self._task is not None or self.readiness.stopped:
            raise GatewayError("a gateway starts once; create a new DiscordGateway to connect again")
        Route.BASE = self.settings.api_base or DISCORD_API_BASE
        self._task = asyncio.create_task(self._run(), name="discord-gateway")
        self._task.add_done_callback(self._on_task_done)
        try:
            await self._wait_ready()
        except BaseException:
            # Cancelled or failed start-up: do not leave the client task running behind the caller's back.
            await self.stop()
            raise

    def _on_task_done(self, task: asyncio.Task[None]) -> None:
        # A fatal end (bad token, bad intents) is logged here so it is never lost, even if nobody awaits
        # wait(); readiness turns false so /healthz reports it.
        self.readiness.on_disconnect()
        if not task.cancelled() and (exc := task.exception()) is not None:
            logger.error("the Discord client stopped for good", exc_info=exc)

    async def wait(self) -> None:
        """Wait until the client stops; raises :class:`GatewayError` when it stopped on a fatal error.

        A supervisor awaits this to learn about fatal ends (the client never ends on its own otherwise).
        """
        task = self._task
        if task is None:
            return
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            if not task.cancelled():
                raise  # the waiter itself was cancelled

    async def _wait_ready(self) -> None:
        assert self._task is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.start_timeout
        while not self.readiness.ready:
            if self._task.done():
                exc = self._task.exception() if not self._task.cancelled() else None
                raise GatewayError(f"the Discord client stopped during start-up: {exc}") from exc
            if loop.time() > deadline:
                raise GatewayError("the Discord client did not become ready in time")
            await asyncio.sleep(0.01)

    async def _run(self) -> None:
        """Log in once, then keep a gateway connection open until cancelled or a fatal close.

        Cancellation: cancelling this task cancels the library's shard task it awaits (the only way to stop
        interactions.py 5.16.0 without spinning).
        """
        try:
            await self.client.login(self.settings.token)
        except LoginError as exc:
            raise GatewayError(f"Discord refused the bot token: {exc}") from exc
        failures = 0
        while True:
            try:
                await self.client._connection_state.start()
                failures = 0
            except WebSocketClosed as exc:
                # WebSocketClosed is a LibraryException: it must be caught first.
                if exc.code in (4004, 4010, 4011, 4012, 4013, 4014):
                    raise GatewayError(f"Discord closed the gateway for good: {exc}") from exc
            except (LoginError, LibraryException) as exc:
                raise GatewayError(f"Discord refused the connection: {exc}") from exc
            except (OSError, TimeoutError) as exc:
                logger.warning("gateway connection failed", extra={"error": repr(exc)})
            self.readiness.on_disconnect()
            failures += 1
            # Capped exponential backoff with full jitter: a flapping gateway is not hammered.
            delay = random.uniform(0, min(30.0, 0.25 * 2 ** min(failures, 8)))
            logger.warning(
                "Discord gateway connection ended; reconnecting", extra={"delay_s": round(delay, 3)}
            )
            await asyncio.sleep(delay)

    async def stop(self) -> None:
        """Disconnect; returns within ``stop_timeout`` seconds whatever the library does. Idempotent."""
        self.readiness.on_stop()
        gateway = getattr(self.client._connection_state, "gateway", None)
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TimeoutError, Exception):
                await asyncio.wait_for(asyncio.shield(task), self.settings.stop_timeout)
        await self._cancel_orphans(gateway)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.client.http.close(), self.settings.stop_timeout)
        logger.info("Discord gateway stopped")

    async def _cancel_orphans(self, gateway: object) -> None:
        """Cancel the library's tasks still bound to ``gateway``.

        ``GatewayClient.run`` starts a ``receive()`` task per loop turn and does not cancel it when it is
        itself cancelled; left alone it would try to reconnect on a closed HTTP session.
        """
        if gateway is None:
            return
        current = asyncio.current_task()
        orphans = []
        for t in asyncio.all_tasks():
            frame = getattr(t.get_coro(), "cr_frame", None)
            if (
                t is not current
                and not t.done()
                and frame is not None
                and frame.f_locals.get("self") is gateway
            ):
                t.cancel()
                orphans.append(t)
        if orphans:
            await asyncio.wait(orphans, timeout=self.settings.stop_timeout)
