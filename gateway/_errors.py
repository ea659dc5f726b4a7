"""The gateway package's errors: every failure talking to Discord is a :class:`GatewayError`."""

from __future__ import annotations

from together.errors import BotError


class GatewayError(BotError):
    """Talking to Discord failed."""


class RateLimited(GatewayError):
    """Discord refused the request with 429; retry after ``retry_after`` seconds."""

    def __init__(self, retry_after: float, *, scope: str = "user", bucket: str | None = None) -> None:
        self.retry_after = retry_after
        self.scope = scope
        self.bucket = bucket
        super().__init__(f"rate limited ({scope}); retry after {retry_after:.3f} s")


class NotFound(GatewayError):
    """The Discord resource does not exist (any more)."""

    def __init__(self, message: str | None = None, *, code: int = 0) -> None:
        self.code = code
        super().__init__(message)


class Forbidden(GatewayError):
    """Discord refused the request: the bot lacks access or permission."""

    def __init__(self, message: str | None = None, *, code: int = 0) -> None:
        self.code = code
        super().__init__(message)


class InvalidRequest(GatewayError):
    """Discord rejected the request body (400)."""

    def __init__(self, message: str | None = None, *, code: int = 0) -> None:
        self.code = code
        super().__init__(message)


class DiscordUnavailable(GatewayError):
    """Discord did not answer usefully (5xx, a network error, or the library gave up and returned nothing)."""
