"""The emulator's REST handler registry: each operation takes a :class:`Call`, returns ``(status, json)``.

The operations live in ``_rest_commands``, ``_rest_interactions``, ``_rest_channels`` and ``_rest_guilds``;
importing those modules registers them in :data:`HANDLERS`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator


class ApiError(Exception):
    """A Discord JSON error response."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> dict[str, Any]:
        """The JSON body Discord sends."""
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            out["errors"] = self.errors
        return out


@dataclass(slots=True)
class Call:
    """One decoded REST request."""

    method: str
    template: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any


Result = tuple[int, Any]
Handler = Callable[["DiscordEmulator", Call], Awaitable[Result]]
HANDLERS: dict[tuple[str, str], Handler] = {}


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    """Register a handler for an operation of the route table."""

    def register(fn: Handler) -> Handler:
        HANDLERS[(method, template)] = fn
        return fn

    return register


def invalid_form(problems: list[str]) -> ApiError:
    """400 / 50035 Invalid Form Body listing ``problems``."""
    return ApiError(400, 50035, "Invalid Form Body", {"_problems": problems})
