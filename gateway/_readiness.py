"""Whether the Discord connection is usable, as a small state machine fed by client events (sans-IO).

``ready`` means: application commands were synced once (so interactions are handled, not dropped) **and**
the gateway socket is identified or resumed right now. A reconnect in progress, a disconnect or a fatal
close makes it false until READY or RESUMED arrives again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Readiness:
    """The gateway's readiness; every transition is a method named after the event that causes it."""

    started: bool = False
    connected: bool = False
    stopped: bool = False
    disconnects: int = 0
    resumes: int = 0
    identifies: int = 0

    @property
    def ready(self) -> bool:
        """Commands synced and the socket up."""
        return self.started and self.connected and not self.stopped

    def on_websocket_ready(self) -> None:
        """READY arrived (a fresh IDENTIFY)."""
        self.identifies += 1
        self.connected = True

    def on_resumed(self) -> None:
        """RESUMED arrived."""
        self.resumes += 1
        self.connected = True

    def on_startup(self) -> None:
        """The client synced application commands and dispatched Startup."""
        self.started = True

    def on_disconnect(self) -> None:
        """The socket went down (a reconnect may follow)."""
        if self.connected:
            self.disconnects += 1
        self.connected = False

    def on_stop(self) -> None:
        """The gateway was stopped for good."""
        self.stopped = True
        self.connected = False
