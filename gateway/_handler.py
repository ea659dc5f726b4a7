"""The envelope around every interaction handler: log fields, an OTel span, and failures made visible.

A handler is ``async def handle(interaction, responder)`` (:data:`Handler`): it reads the typed
:class:`~gateway.Interaction` and answers through the :class:`~gateway.Responder`, never through
interactions.py's context. :func:`enveloped` wraps it: bound log fields, a span, and — for a handler raising,
an answer included (the library's silent ``None`` after retries raises ``DiscordUnavailable``, see
``gateway._http``) — a logged error, a failed span and, when the interaction is still answerable, a localized
ephemeral apology; never a traceback sent to the user. An expected refusal (:class:`gateway._refusal.Refusal`)
is not a failure: it is answered with its own localized ephemeral text and logged at info level.
:func:`interaction_handler` is that envelope as the interactions.py callback a command registers
(:mod:`gateway._context` builds the two arguments).
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import interactions
from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode

from gateway._context import from_context
from gateway._interaction import Interaction
from gateway._metrics import observe_interaction
from gateway._refusal import Refusal
from gateway._responder import Responder
from gateway.i18n import Locale, default_translator, resolve_locale
from telemetry import log_context

logger = logging.getLogger(__name__)
_tracer = trace.get_tracer("together.gateway")


#: A handler: what it reads about the interaction, and how it answers.
Handler = Callable[[Interaction, Responder], Awaitable[None]]
#: The interactions.py callback a command, component or modal registration holds (it gets the library's context).
Callback = Callable[[Any], Coroutine[Any, Any, None]]
#: Resolves the language to answer an interaction in (a feature host's: the guild's configured locale).
LocaleOf = Callable[[Interaction], Awaitable[Locale]]


def enveloped(fn: Handler, *, feature: str, action: str, locale_of: LocaleOf | None = None) -> Handler:
    """``fn`` with log fields bound, in a span, its refusals answered and its failures contained and reported.

    ``locale_of`` gives refusals without a locale of their own and the apology the guild's configured
    language; without it (or when it fails, e.g. the database is what broke) Discord's guild or user locale
    is used.
    """

    @functools.wraps(fn)
    async def run(interaction: Interaction, responder: Responder) -> None:
        fields = {
            "correlation_id": uuid.uuid4().hex,
            "interaction_id": interaction.id,
            "guild_id": interaction.guild_id,
            "user_id": interaction.author_id,
            "feature": feature,
            "action": action,
        }
        attributes = {f"together.{k}": v for k, v in fields.items() if v is not None}
        started, outcome = time.monotonic(), "failed"
        with (
            log_context(**fields),
            _tracer.start_as_current_span(f"interaction {feature}.{action}", attributes=attributes) as span,
        ):
            try:
                await fn(interaction, responder)
                outcome = "handled"
            except Refusal as refusal:
                outcome = "refused"
                span.set_attribute("together.refusal", refusal.key)
                logger.info("interaction refused", extra={"refusal": refusal.key})
                await _refuse(interaction, responder, refusal, locale_of)
            except Exception as exc:
                span.record_exception(exc)
                span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
                logger.exception("interaction failed")
                await _apologize(interaction, responder, locale_of)
            else:
                logger.info("interaction handled")
            finally:
                observe_interaction(feature, outcome, started, getattr(responder, "acknowledged_at", None))

    return run


def interaction_handler(
    feature: str, action: str, *, locale_of: LocaleOf | None = None
) -> Callable[[Handler], Callback]:
    """Decorate a :data:`Handler` into the interactions.py callback of ``feature``/``action`` (see
    :func:`enveloped`); the callback builds the interaction and its responder from the library's context."""

    def decorate(fn: Handler) -> Callback:
        run = enveloped(fn, feature=feature, action=action, locale_of=locale_of)

        async def callback(ctx: interactions.BaseInteractionContext[interactions.Client]) -> None:
            interaction, responder = from_context(ctx)
            await run(interaction, responder)

        # Named after the handler, but without ``__wrapped__``: interactions.py reads the callback's signature
        # to pass command options as arguments, and this one takes the context alone.
        callback.__name__ = callback.__qualname__ = getattr(fn, "__name__", "callback")
        callback.__doc__ = fn.__doc__
        return callback

    return decorate


async def _reply_locale(interaction: Interaction, locale_of: LocaleOf | None) -> Locale:
    discord_locale = resolve_locale(guild_locale=interaction.guild_locale, user_locale=interaction.locale)
    if locale_of is None:
        return discord_locale
    try:
        return await locale_of(interaction)
    except Exception:
        logger.warning("could not read the guild's language; answering in Discord's", exc_info=True)
        return discord_locale


async def _refuse(
    interaction: Interaction, responder: Responder, refusal: Refusal, locale_of: LocaleOf | None
) -> None:
    try:
        locale = refusal.locale or await _reply_locale(interaction, locale_of)
        await responder.reply(refusal.text(locale, default_translator()))
    except Exception:
        logger.warning("could not tell the user the interaction was refused", exc_info=True)


async def _apologize(interaction: Interaction, responder: Responder, locale_of: LocaleOf | None) -> None:
    try:
        locale = await _reply_locale(interaction, locale_of)
        await responder.reply(default_translator().text(locale, "error.interaction_failed"))
    except Exception:
        # The token may be gone or Discord unreachable; the failure is already logged above.
        logger.warning("could not tell the user the interaction failed", exc_info=True)
