"""Interaction responses the library has no one-call form for: Components V2 cards, modals, deferred updates.

Each is one REST call (the callback, or one webhook edit/post), like :func:`gateway.reply` for plain text;
replacing the clicked message in place is :func:`gateway.update_message`.
Payloads come from the pure renderers (:mod:`gateway.domain.render`); nothing here builds content.
"""

from __future__ import annotations

from typing import Any, Final

from features.kernel._components import Modal, V2Message
from gateway import NO_MENTIONS

#: Interaction callback types (Discord: "interaction callback type").
_MESSAGE: Final = 4
_DEFERRED_MESSAGE: Final = 5
_DEFERRED_UPDATE: Final = 6
_MODAL: Final = 9
_EPHEMERAL: Final = 1 << 6


async def _callback(ctx: Any, kind: int, data: dict[str, Any] | None = None) -> None:
    body: dict[str, Any] = {"type": kind}
    if data is not None:
        body["data"] = data
    await ctx.client.http.post_initial_response(body, str(ctx.id), ctx.token)
    # The library must know the interaction is answered: after a deferred message a later ctx.send edits the
    # placeholder; after anything else (a deferred update included: its "original" is the clicked card, which
    # a text must never overwrite) ctx.send becomes a follow-up.
    if kind == _DEFERRED_MESSAGE:
        ctx.deferred = True
    else:
        ctx.responded = True


def _body(message: V2Message, *, ephemeral: bool) -> dict[str, Any]:
    body = message.to_payload(ephemeral=ephemeral)
    body["allowed_mentions"] = NO_MENTIONS
    return body


async def send_card(ctx: Any, message: V2Message, *, ephemeral: bool = True) -> None:
    """Answer with a Components V2 message (ephemeral by default)."""
    await _callback(ctx, _MESSAGE, _body(message, ephemeral=ephemeral))
    ctx.ephemeral = ephemeral


async def open_modal(ctx: Any, modal: Modal) -> None:
    """Answer with a modal."""
    await _callback(ctx, _MODAL, modal.to_payload())


async def defer_reply(ctx: Any) -> None:
    """Acknowledge now and answer later with an ephemeral message (``gateway.reply`` then edits it)."""
    await _callback(ctx, _DEFERRED_MESSAGE, {"flags": _EPHEMERAL})
    ctx.ephemeral = True


async def defer_update(ctx: Any) -> None:
    """Acknowledge a button now; :func:`edit_source_card` replaces its message later and ``gateway.reply``
    sends an ephemeral follow-up."""
    await _callback(ctx, _DEFERRED_UPDATE)


async def edit_source_card(ctx: Any, message: V2Message) -> None:
    """After :func:`defer_update`: replace the message the button sits on."""
    await ctx.client.http.edit_interaction_message(_body(message, ephemeral=False), ctx.client.app.id, ctx.token)
