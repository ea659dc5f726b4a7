"""Interaction callbacks for feature handlers written as ``async def handle(services, ctx)``.

Such a handler is a plain function of the running services, easy to test and to share (the scoreboard's "my
room" button and ``/pair room`` are one function); :func:`bind` turns it into the interactions.py callback the
host registers: wrapped by :func:`gateway.interaction_handler` and reading :attr:`FeatureHost.services` only
when it runs, never at install. :func:`component` and :func:`modal` route a custom-id prefix to a callback.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import interactions

from features.kernel._host import FeatureHost, Services
from gateway import Handler, interaction_handler

ServiceHandler = Callable[[Services, Any], Awaitable[None]]


def bind(host: FeatureHost, handle: ServiceHandler, *, feature: str, action: str) -> Handler:
    """``handle`` as an interaction callback of ``feature``/``action`` (log fields, span, refusals)."""

    @interaction_handler(feature=feature, action=action, locale_of=host.locale_of)
    async def callback(ctx: Any) -> None:
        await handle(host.services, ctx)

    return callback


def component(name: str, callback: Handler, *, prefix: str) -> interactions.ComponentCommand:
    """The button/select callback for every custom id starting with ``prefix`` (``t1:duel:answer:``)."""
    return interactions.ComponentCommand(name=name, callback=callback, listeners=[re.compile(f"^{re.escape(prefix)}")])


def modal(name: str, callback: Handler, *, prefix: str) -> interactions.ModalCommand:
    """The modal-submit callback for every custom id starting with ``prefix``."""
    return interactions.ModalCommand(
        name=name, callback=callback, listeners=[re.compile(f"^{re.escape(prefix)}")], just_ctx=True
    )
