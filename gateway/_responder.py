"""How a handler answers an interaction: one :class:`Responder`, each answer in the one REST call its state allows.

interactions.py answers a first ``ctx.send`` with two REST calls (the callback, then a ``GET @original`` to
build a ``Message``), and ``defer`` + ``send`` also costs two; a handler never needs the message back. Every
answer here is exactly one call, picked from what the interaction has been answered with so far:

======================  =================================  ==================================================
answer                  not answered yet                   already answered
======================  =================================  ==================================================
``reply``, ``send_card``  callback 4 (the message)           after ``defer``: edit of the placeholder; else a
                                                             follow-up message (after ``defer_update`` too: its
                                                             "original" is the clicked card, never overwritten)
``update``              callback 7 (the source message)    after ``defer_update``/``update``: edit of @original
``open_modal``          callback 9                         refused
``defer``               callback 5 (ephemeral "thinking")  refused
``defer_update``        callback 6                         refused
``follow_up``           refused                            a follow-up message
======================  =================================  ==================================================

Every message says ``allowed_mentions: {"parse": []}``: a reply never pings anyone, whatever its text holds.
Payloads are JSON objects (a renderer's ``.to_payload()``); nothing here builds content, and the gateway names
no feature. :class:`BaseResponder` holds that routing over three sends; :class:`HttpResponder` sends them with
interactions.py's HTTP client and the interaction's token, ``gateway.testing.RecordingResponder`` records them.
"""

from __future__ import annotations

import enum
import time
from typing import Any, Final, Protocol

from gateway._errors import GatewayError
from gateway._rest_port import JsonObject

EPHEMERAL: Final = 1 << 6
#: Replies never ping anyone, whatever the text contains.
NO_MENTIONS: Final[dict[str, list[str]]] = {"parse": []}


class CallbackType(enum.IntEnum):
    """Discord's interaction callback types the responder sends."""

    MESSAGE = 4
    DEFERRED_MESSAGE = 5
    DEFERRED_UPDATE = 6
    UPDATE = 7
    MODAL = 9


class Responder(Protocol):
    """Answers one interaction. Each method is one REST call (see the module docstring for which)."""

    async def reply(self, text: str, *, ephemeral: bool = True) -> None:
        """Answer with ``text`` (ephemeral by default): the message, the deferred placeholder, or a follow-up."""
        ...

    async def send_card(self, payload: JsonObject, *, ephemeral: bool = True) -> None:
        """Answer with a Components V2 message (``V2Message.to_payload()``), routed like :meth:`reply`."""
        ...

    async def open_modal(self, payload: JsonObject) -> None:
        """Answer with a modal (``Modal.to_payload()``); only as the first answer."""
        ...

    async def defer(self) -> None:
        """Acknowledge now with an ephemeral "thinking" placeholder; the next reply or card replaces it."""
        ...

    async def defer_update(self) -> None:
        """Acknowledge a component now, answering nothing yet: :meth:`update` later replaces the message it
        sits on, and a reply becomes an ephemeral follow-up."""
        ...

    async def update(self, payload: JsonObject) -> None:
        """Replace the message the component sits on: in the callback (type 7) when not answered yet, by an
        edit after :meth:`defer_update`."""
        ...

    async def follow_up(self, text: str, *, ephemeral: bool = True) -> None:
        """A new message after the interaction was answered (a second part of a long report)."""
        ...


class _State(enum.Enum):
    NEW = "new"
    #: Answered with a deferred message whose placeholder is still "thinking".
    DEFERRED = "deferred"
    #: Acknowledged with a deferred update: @original is the source message.
    DEFERRED_UPDATE = "deferred_update"
    #: Answered by updating the source message: @original is the source message.
    UPDATED = "updated"
    #: Answered with a message (or a modal): what comes next is a follow-up.
    ANSWERED = "answered"


class BaseResponder:
    """The routing of :class:`Responder` over three sends a subclass implements. The state moves only after a
    send succeeded, so an apology after a failed first answer still goes out as the first answer."""

    def __init__(self) -> None:
        self._state = _State.NEW
        #: ``time.monotonic()`` when Discord accepted the first answer (set by a sending subclass; None before).
        self.acknowledged_at: float | None = None

    @property
    def answered(self) -> bool:
        """Whether the interaction was acknowledged (Discord's 3-second deadline no longer applies)."""
        return self._state is not _State.NEW

    # -- the three sends -----------------------------------------------------------------------------------

    async def _callback(self, answer: str, kind: CallbackType, data: JsonObject | None) -> None:
        raise NotImplementedError

    async def _edit_original(self, answer: str, body: JsonObject) -> None:
        raise NotImplementedError

    async def _follow_up(self, answer: str, body: JsonObject) -> None:
        raise NotImplementedError

    # -- the answers -----------------------------------------------------------------------------------------

    async def reply(self, text: str, *, ephemeral: bool = True) -> None:
        await self._message("reply", {"content": text}, ephemeral=ephemeral)

    async def send_card(self, payload: JsonObject, *, ephemeral: bool = True) -> None:
        await self._message("card", payload, ephemeral=ephemeral)

    async def _message(self, answer: str, payload: JsonObject, *, ephemeral: bool) -> None:
        body = _message_body(payload, ephemeral=ephemeral)
        if self._state is _State.NEW:
            await self._callback(answer, CallbackType.MESSAGE, body)
        elif self._state is _State.DEFERRED:
            await self._edit_original(answer, body)
        else:
            await self._follow_up(answer, body)
        self._state = _State.ANSWERED

    async def follow_up(self, text: str, *, ephemeral: bool = True) -> None:
        if self._state is _State.NEW:
            raise GatewayError("a follow-up needs the interaction answered first")
        await self._follow_up("follow_up", _message_body({"content": text}, ephemeral=ephemeral))

    async def open_modal(self, payload: JsonObject) -> None:
        self._first("a modal")
        await self._callback("modal", CallbackType.MODAL, payload)
        self._state = _State.ANSWERED

    async def defer(self) -> None:
        self._first("a deferred reply")
        await self._callback("defer", CallbackType.DEFERRED_MESSAGE, {"flags": EPHEMERAL})
        self._state = _State.DEFERRED

    async def defer_update(self) -> None:
        self._first("a deferred update")
        await self._callback("defer_update", CallbackType.DEFERRED_UPDATE, None)
        self._state = _State.DEFERRED_UPDATE

    async def update(self, payload: JsonObject) -> None:
        if self._state is _State.NEW:
            await self._callback("update", CallbackType.UPDATE, {"allowed_mentions": NO_MENTIONS, **payload})
            self._state = _State.UPDATED
        elif self._state in (_State.DEFERRED_UPDATE, _State.UPDATED):
            await self._edit_original("update", {**payload, "allowed_mentions": NO_MENTIONS})
            self._state = _State.UPDATED
        else:
            raise GatewayError("the source message can only be updated before any other answer or after defer_update")

    def _first(self, what: str) -> None:
        if self._state is not _State.NEW:
            raise GatewayError(f"{what} must be the first answer to an interaction")


def _message_body(payload: JsonObject, *, ephemeral: bool) -> JsonObject:
    body = {**payload, "allowed_mentions": NO_MENTIONS}
    flags = int(payload.get("flags") or 0) | (EPHEMERAL if ephemeral else 0)
    if flags:
        body["flags"] = flags
    return body


class InteractionHttp(Protocol):
    """The three routes of interactions.py's HTTP client the responder uses."""

    async def post_initial_response(self, payload: dict[str, Any], interaction_id: str, token: str) -> Any: ...

    async def edit_interaction_message(self, payload: dict[str, Any], application_id: str, token: str) -> Any: ...

    async def post_followup(self, payload: dict[str, Any], application_id: str, token: str) -> Any: ...


class HttpResponder(BaseResponder):
    """The responder of one interaction over interactions.py's HTTP client (its retries, the project's rate-limit
    and invalid-request adjustments) and the interaction's token. A library ``None`` raises
    :class:`~gateway.DiscordUnavailable` there (``gateway._http``), so a lost answer is never taken for sent."""

    def __init__(self, http: InteractionHttp, *, interaction_id: str, application_id: str, token: str) -> None:
        super().__init__()
        self._http = http
        self._interaction_id = interaction_id
        self._application_id = application_id
        self._token = token

    async def _callback(self, answer: str, kind: CallbackType, data: JsonObject | None) -> None:
        body: JsonObject = {"type": int(kind)}
        if data is not None:
            body["data"] = data
        await self._http.post_initial_response(body, self._interaction_id, self._token)
        self.acknowledged_at = time.monotonic()

    async def _edit_original(self, answer: str, body: JsonObject) -> None:
        await self._http.edit_interaction_message(body, self._application_id, self._token)

    async def _follow_up(self, answer: str, body: JsonObject) -> None:
        await self._http.post_followup(body, self._application_id, self._token)

    def __repr__(self) -> str:
        # Never the token.
        return f"HttpResponder(interaction_id={self._interaction_id!r}, state={self._state.value})"
