"""The envelope around every interaction handler: log fields, an OTel span, and failures made visible.

A handler raising, or the library returning nothing for a reply (its silent ``None`` after retries), ends in
a logged error, a failed span and, when the interaction is still answerable, a localized ephemeral apology —
never a traceback sent to the user. An expected refusal (:class:`gateway._refusal.Refusal`) is not a failure:
it is answered with its own localized ephemeral text and logged at info level.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode

from gateway._errors import DiscordUnavailable
from gateway._refusal import Refusal
from gateway._reply import reply
from gateway.i18n import Locale, default_translator, resolve_locale
from telemetry import log_context

logger = logging.getLogger(__name__)
_tracer = trace.get_tracer("together.gateway")

T = TypeVar("T")


def require_reply(result: T | None, what: str) -> T:
    """Treat interactions.py's silent ``None`` (it gave up after retries) as the failure it is."""
    if result is None:
        from gateway._http import REQUEST_FAILURES

        REQUEST_FAILURES.inc()
        raise DiscordUnavailable(f"interactions.py returned nothing for {what}")
    return result


Handler = Callable[[Any], Coroutine[Any, Any, None]]


#: Resolves the language to answer an interaction in (a feature host's: the guild's configured locale).
LocaleOf = Callable[[Any], Awaitable[Locale]]


def interaction_handler(
    feature: str, action: str, *, locale_of: LocaleOf | None = None
) -> Callable[[Handler], Handler]:
    """Wrap an interactions.py callback: bind log fields, open a span, contain and report failures.

    ``locale_of`` gives refusals without a locale of their own and the apology the guild's configured
    language; without it (or when it fails, e.g. the database is what broke) Discord's guild or user locale
    is used.
    """

    def decorate(fn: Handler) -> Handler:
        @functools.wraps(fn)
        async def run(ctx: Any) -> None:
            correlation_id = uuid.uuid4().hex
            fields = {
                "correlation_id": correlation_id,
                "interaction_id": str(ctx.id),
                "guild_id": None if ctx.guild_id is None else str(ctx.guild_id),
                "user_id": str(ctx.author_id),
                "feature": feature,
                "action": action,
            }
            attributes = {f"together.{k}": v for k, v in fields.items() if v is not None}
            with (
                log_context(**fields),
                _tracer.start_as_current_span(
                    f"interaction {feature}.{action}", attributes=attributes
                ) as span,
            ):
                try:
                    await fn(ctx)
                except Refusal as refusal:
                    span.set_attribute("together.refusal", refusal.key)
                    logger.info("interaction refused", extra={"refusal": refusal.key})
                    await _refuse(ctx, refusal, locale_of)
                except Exception as exc:
                    span.record_exception(exc)
                    span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
                    logger.exception("interaction failed")
                    await _apologize(ctx, locale_of)
                else:
                    logger.info("interaction handled")

        return run

    return decorate


async def _reply_locale(ctx: Any, locale_of: LocaleOf | None) -> Locale:
    discord_locale = resolve_locale(
        guild_locale=getattr(ctx, "guild_locale", None), user_locale=getattr(ctx, "locale", None)
    )
    if locale_of is None:
        return discord_locale
    try:
        return await locale_of(ctx)
    except Exception:
        logger.warning("could not read the guild's language; answering in Discord's", exc_info=True)
        return discord_locale


async def _refuse(ctx: Any, refusal: Refusal, locale_of: LocaleOf | None) -> None:
    try:
        locale = refusal.locale or await _reply_locale(ctx, locale_of)
        await reply(ctx, refusal.text(locale, default_translator()))
    except Exception:
        logger.warning("could not tell the user the interaction was refused", exc_info=True)


async def _apologize(ctx: Any, locale_of: LocaleOf | None) -> None:
    try:
        locale = await _reply_locale(ctx, locale_of)
        await reply(ctx, default_translator().text(locale, "error.interaction_failed"))
    except Exception:
        # The token may be gone or Discord unreachable; the failure is already logged above.
        logger.warning("could not tell the user the interaction failed", exc_info=True)
