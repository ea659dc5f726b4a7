"""One-call interaction replies.

interactions.py answers a first ``ctx.send`` with two REST calls (the callback, then a ``GET @original`` to
build a ``Message``), and ``defer`` + ``send`` also costs two. A reply whose message the handler does not
need back (pong, most confirmations and error notices) only needs the callback: type 4 with the text. That
halves REST traffic per interaction and the CPU spent parsing the message object.
"""

from __future__ import annotations

from typing import Any, Final

from gateway._errors import GatewayError

EPHEMERAL: Final = 1 << 6
#: Replies never ping anyone, whatever the text contains.
NO_MENTIONS: Final[dict[str, list[str]]] = {"parse": []}


async def reply(ctx: Any, content: str, *, ephemeral: bool = True) -> None:
    """Answer the interaction with ``content`` in one REST call.

    When the interaction was already deferred or answered, this falls back to the library's ``ctx.send``
    (an edit of the original or a follow-up), which raises on failure like every library call here does.
    """
    if ctx.responded or ctx.deferred:
        if getattr(ctx, "editing_origin", False):
            # After a deferred update the library would edit the clicked message (a public panel); the reply
            # must be a follow-up message instead, which the library sends once it thinks it has responded.
            ctx.responded = True
        result = await ctx.send(content, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
        if result is None:
            raise GatewayError("the reply was not delivered")
        return
    data: dict[str, Any] = {"content": content, "allowed_mentions": NO_MENTIONS}
    if ephemeral:
        data["flags"] = EPHEMERAL
    await ctx.client.http.post_initial_response({"type": 4, "data": data}, str(ctx.id), ctx.token)
    # Tell the context it has answered, so a later ctx.send becomes a follow-up instead of a second ack.
    ctx.responded = True
    ctx.ephemeral = ephemeral


async def update_message(ctx: Any, payload: dict[str, Any]) -> None:
    """Answer a component interaction by editing the message it came from (callback type 7), in one call.

    ``payload`` is the full message body (e.g. ``V2Message.to_payload()``). Only valid before any other
    acknowledgement; after a defer, edit the message through the REST port instead.
    """
    data = {"allowed_mentions": NO_MENTIONS, **payload}
    await ctx.client.http.post_initial_response({"type": 7, "data": data}, str(ctx.id), ctx.token)
    ctx.responded = True
