"""Interaction callbacks for feature handlers written as ``async def handle(services, interaction, responder)``.

Such a handler is a plain, typed function of the running services, the :class:`~gateway.Interaction` it reads
and the :class:`~gateway.Responder` it answers with: easy to test (``gateway.testing`` has both fakes) and to
share (the scoreboard's "my room" button and ``/pair room`` are one function). :func:`bind` turns it into the
interactions.py callback the host registers: wrapped by :func:`gateway.interaction_handler` (log fields, span,
refusals and apologies in the guild's language) and reading :attr:`FeatureHost.services` only when it runs,
never at install. While maintenance is on, the handler does not run: the member is answered "back soon"
(:mod:`features.kernel._maintenance`), unless it is bound ``admins_in_maintenance`` and they are an administrator.
:func:`component` and :func:`modal` route a custom-id prefix to a callback.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import interactions

from features.kernel._host import FeatureHost, Services
from features.kernel._maintenance import maintenance_refusal
from gateway import Callback, Interaction, Responder, interaction_handler

#: A feature's handler: the running services, what it reads about the interaction, how it answers.
ServiceHandler = Callable[[Services, Interaction, Responder], Awaitable[None]]


def bind(
    host: FeatureHost, handle: ServiceHandler, *, feature: str, action: str, admins_in_maintenance: bool = False
) -> Callback:
    """``handle`` as an interaction callback of ``feature``/``action`` (log fields, span, refusals).

    ``admins_in_maintenance``: administrators may still use it while maintenance is on (``/admin``).
    """

    async def with_services(interaction: Interaction, responder: Responder) -> None:
        services = host.services
        refusal = maintenance_refusal(services.maintenance, interaction, admins_keep=admins_in_maintenance)
        if refusal is not None:
            raise refusal
        await handle(services, interaction, responder)

    with_services.__name__ = getattr(handle, "__name__", "handle")
    return interaction_handler(feature=feature, action=action, locale_of=host.locale_of)(with_services)


def component(name: str, callback: Callback, *, prefix: str) -> interactions.ComponentCommand:
    """The button/select callback for every custom id starting with ``prefix`` (``t1:duel:answer:``)."""
    return interactions.ComponentCommand(name=name, callback=callback, listeners=[re.compile(f"^{re.escape(prefix)}")])


def modal(name: str, callback: Callback, *, prefix: str) -> interactions.ModalCommand:
    """The modal-submit callback for every custom id starting with ``prefix``."""
    return interactions.ModalCommand(
        name=name, callback=callback, listeners=[re.compile(f"^{re.escape(prefix)}")], just_ctx=True
    )
