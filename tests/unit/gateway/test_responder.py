"""The responder answers each interaction in one REST call, chosen by what was answered before."""

from __future__ import annotations

from typing import Any

import pytest

from gateway._errors import DiscordUnavailable, GatewayError
from gateway._responder import EPHEMERAL, NO_MENTIONS, HttpResponder
from gateway.testing import RecordingResponder

pytestmark = pytest.mark.anyio

CARD = {"components": [{"type": 10, "content": "hi"}], "flags": 1 << 15}


class _Http:
    """interactions.py's three interaction routes, recorded."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    async def post_initial_response(self, payload: dict[str, Any], interaction_id: str, token: str) -> None:
        self.calls.append(("callback", payload, interaction_id, token))

    async def edit_interaction_message(self, payload: dict[str, Any], application_id: str, token: str) -> Any:
        self.calls.append(("edit", payload, application_id, token))
        return {"id": "1"}

    async def post_followup(self, payload: dict[str, Any], application_id: str, token: str) -> Any:
        self.calls.append(("followup", payload, application_id, token))
        return {"id": "2"}


def _http_responder() -> tuple[_Http, HttpResponder]:
    http = _Http()
    return http, HttpResponder(http, interaction_id="10", application_id="20", token="tok")


async def test_a_first_reply_is_one_ephemeral_callback_then_follow_ups() -> None:
    http, responder = _http_responder()
    await responder.reply("pong")
    await responder.reply("more", ephemeral=False)
    assert http.calls == [
        ("callback", {"type": 4, "data": {"content": "pong", "allowed_mentions": NO_MENTIONS, "flags": EPHEMERAL}},
         "10", "tok"),
        ("followup", {"content": "more", "allowed_mentions": NO_MENTIONS}, "20", "tok"),
    ]
    assert "tok" not in repr(responder)


async def test_defer_then_the_reply_replaces_the_placeholder() -> None:
    http, responder = _http_responder()
    await responder.defer()
    await responder.reply("done")
    await responder.follow_up("part 2")
    assert [(c[0], c[1]) for c in http.calls] == [
        ("callback", {"type": 5, "data": {"flags": EPHEMERAL}}),
        ("edit", {"content": "done", "allowed_mentions": NO_MENTIONS, "flags": EPHEMERAL}),
        ("followup", {"content": "part 2", "allowed_mentions": NO_MENTIONS, "flags": EPHEMERAL}),
    ]


async def test_a_deferred_update_edits_the_card_and_replies_in_a_follow_up() -> None:
    http, responder = _http_responder()
    await responder.defer_update()
    await responder.update(CARD)
    await responder.reply("sent")
    assert [(c[0], c[1]) for c in http.calls] == [
        ("callback", {"type": 6}),
        ("edit", {**CARD, "allowed_mentions": NO_MENTIONS}),
        ("followup", {"content": "sent", "allowed_mentions": NO_MENTIONS, "flags": EPHEMERAL}),
    ]


async def test_cards_updates_and_modals_are_one_callback_each() -> None:
    for answer, expected in (
        ("card", {"type": 4, "data": {**CARD, "allowed_mentions": NO_MENTIONS, "flags": (1 << 15) | EPHEMERAL}}),
        ("update", {"type": 7, "data": {"allowed_mentions": NO_MENTIONS, **CARD}}),
        ("modal", {"type": 9, "data": {"custom_id": "m", "title": "t", "components": []}}),
    ):
        http, responder = _http_responder()
        if answer == "card":
            await responder.send_card(CARD)
        elif answer == "update":
            await responder.update(CARD)
        else:
            await responder.open_modal({"custom_id": "m", "title": "t", "components": []})
        assert http.calls == [("callback", expected, "10", "tok")]


async def test_what_only_a_first_answer_may_do_is_refused_later() -> None:
    responder = RecordingResponder()
    with pytest.raises(GatewayError):
        await responder.follow_up("nothing answered yet")
    await responder.reply("first")
    for late in (responder.defer(), responder.defer_update(), responder.open_modal({}), responder.update(CARD)):
        with pytest.raises(GatewayError):
            await late
    assert responder.kinds() == ["reply"]


async def test_the_fake_records_what_the_real_one_would_send() -> None:
    responder = RecordingResponder()
    assert not responder.answered
    await responder.defer()
    await responder.send_card(CARD, ephemeral=False)
    await responder.reply("note")
    first, card, note = responder.answers
    assert (first.kind, first.call, first.callback_type, first.ephemeral) == ("defer", "callback", 5, True)
    assert (card.kind, card.call, card.ephemeral, card.text) == ("card", "edit_original", False, None)
    assert card.payload is not None and card.payload["components"] == CARD["components"]
    assert (note.kind, note.call, note.text, note.ephemeral) == ("reply", "follow_up", "note", True)
    assert responder.texts() == ["note"] and responder.answered


async def test_a_failed_first_answer_leaves_the_interaction_unanswered() -> None:
    responder = RecordingResponder()
    responder.fail(DiscordUnavailable("gave up"))
    with pytest.raises(DiscordUnavailable):
        await responder.reply("lost")
    await responder.reply("sorry")
    assert [(a.call, a.callback_type, a.text) for a in responder.answers] == [("callback", 4, "sorry")]
