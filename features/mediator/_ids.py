"""``/say`` custom ids: builders for the renderer, a typed parser for the handlers.

Each builder returns the wire string (≤ 100 characters by construction, see the kernel's custom-id codec);
each parser takes a decoded ``CustomId`` and returns typed values or raises ``CustomIdError``.

| id | meaning |
|---|---|
| ``t1:say:submit`` | the ``/say`` modal |
| ``t1:say:tone:<session>:<soft|direct|short>`` / ``t1:say:send:<session>`` | ``/say`` result buttons |
"""

from __future__ import annotations

import uuid

from features.kernel import CustomId, encode_custom_id, expect_custom_id, uuid_token
from features.mediator._content import SayTone

SAY_MODAL_ID = encode_custom_id("say", "submit")


def say_tone_id(session_id: uuid.UUID, tone: SayTone) -> str:
    """A ``/say`` tone button id."""
    return encode_custom_id("say", "tone", uuid_token(session_id), tone.value)


def say_send_id(session_id: uuid.UUID) -> str:
    """The ``/say`` send-to-room button id."""
    return encode_custom_id("say", "send", uuid_token(session_id))


def parse_say_id(custom_id: CustomId) -> tuple[uuid.UUID, SayTone | None]:
    """Parse a ``/say`` button id: the session and, for a tone button, the tone."""
    if custom_id.feature == "say" and custom_id.action == "tone" and len(custom_id.args) == 2:
        return custom_id.uuid_arg(0), SayTone(custom_id.choice_arg(1, tuple(SayTone)))
    expect_custom_id(custom_id, "say", ("send",), 1)
    return custom_id.uuid_arg(0), None

