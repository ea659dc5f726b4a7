"""The Discord side's metrics: route classes without ids, and interactions counted by feature and outcome with
their acknowledgement latency observed from the envelope."""

from __future__ import annotations

from typing import Any

import pytest

from gateway import Interaction, Refusal, Responder, enveloped
from gateway._metrics import INTERACTION_ACK, INTERACTIONS, route_class
from gateway._responder import HttpResponder
from gateway.testing import RecordingResponder, interaction
from telemetry import REGISTRY

pytestmark = pytest.mark.anyio


class _Http:
    async def post_initial_response(self, payload: dict[str, Any], interaction_id: str, token: str) -> None:
        return None

    async def edit_interaction_message(self, payload: dict[str, Any], application_id: str, token: str) -> Any:
        return {}

    async def post_followup(self, payload: dict[str, Any], application_id: str, token: str) -> Any:
        return {}


def _sample(name: str, **labels: str) -> float:
    value = REGISTRY.get_sample_value(name, labels)
    return 0.0 if value is None else value


def test_a_route_class_is_the_method_and_the_template_without_ids() -> None:
    assert route_class("patch", "/channels/{channel_id}/messages/{message_id}") == (
        "PATCH /channels/{channel_id}/messages/{message_id}"
    )
    assert route_class("GET", "/applications/123456789012345678/emojis/42") == "GET /applications/{id}/emojis/{id}"
    assert route_class("POST", "/interactions/{interaction_id}/{interaction_token}/callback") == (
        "POST /interactions/{interaction_id}/{interaction_token}/callback"
    )
    assert route_class("PUT", "/applications/1/guilds/2/commands") == "PUT /applications/{id}/guilds/{id}/commands"


async def test_the_http_responder_notes_when_discord_accepted_the_first_answer() -> None:
    responder = HttpResponder(_Http(), interaction_id="1", application_id="2", token="t")
    assert responder.acknowledged_at is None
    await responder.defer()
    first = responder.acknowledged_at
    assert first is not None
    await responder.reply("done")
    assert responder.acknowledged_at == first  # the acknowledgement is the first answer only


async def test_the_envelope_counts_each_outcome_and_observes_the_acknowledgement() -> None:
    async def ok(_: Interaction, responder: Responder) -> None:
        await responder.reply("fine")

    async def refused(_: Interaction, __: Responder) -> None:
        raise Refusal("error.interaction_failed")

    async def broken(_: Interaction, __: Responder) -> None:
        raise RuntimeError("boom")

    def count(outcome: str) -> float:
        return _sample("together_interactions_total", feature="metrics_test", outcome=outcome)

    before = {outcome: count(outcome) for outcome in ("handled", "refused", "failed")}
    acks_before = _sample("together_interaction_ack_seconds_count", feature="metrics_test")
    for handler in (ok, ok, refused, broken):
        await enveloped(handler, feature="metrics_test", action="x")(
            interaction(), HttpResponder(_Http(), interaction_id="1", application_id="2", token="t")
        )
    assert {outcome: count(outcome) - before[outcome] for outcome in before} == {
        "handled": 2, "refused": 1, "failed": 1
    }
    # Every one was answered (the refusal and the apology too), so every one has its latency observed.
    assert _sample("together_interaction_ack_seconds_count", feature="metrics_test") - acks_before == 4
    # A responder that sends nothing to Discord (a test's recording one) is counted but has no latency.
    await enveloped(ok, feature="metrics_test", action="x")(interaction(), RecordingResponder())
    assert count("handled") - before["handled"] == 3
    assert _sample("together_interaction_ack_seconds_count", feature="metrics_test") - acks_before == 4
    assert INTERACTIONS is not None and INTERACTION_ACK is not None
