"""Every rendered payload validates against Discord's own OpenAPI description of the v10 API.

The description is the copy shipped with the emulator (``gateway/emulator/discord_openapi/``), or wherever
``DISCORD_OPENAPI_PATH`` points.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from features.dates._content import default_date_ideas
from features.dates._ideas import DateFilters, pick_date_ideas
from features.dates._render import render_date_ideas, render_date_picker
from features.duels._pair_home import PairHomeDuel, render_duel_part
from features.duels._render import (
    RoundNoticeView,
    ScoreboardView,
    render_answer_modal,
    render_round_notice,
    render_scoreboard,
)
from features.duels._rules import DuelStatus, RoundStatus
from features.duels._scoreboard import ScoreboardPair, ScoreboardRound, ScoreboardSubmission, build_scoreboard
from features.kernel import Pair, paragraph_modal
from features.kernel._components import V2Message
from features.mediator._content import default_repair_steps, default_say
from features.mediator._repair_render import RepairView, render_repair_step
from features.mediator._repair_rules import RepairTimeline
from features.mediator._say_render import SayView, render_say_modal, render_say_result, render_say_room_message
from features.mediator._say_rules import build_say_variants
from features.pairs._render import PairHomeView, render_pair_home
from gateway.emulator import default_spec
from gateway.i18n import default_translator

TR = default_translator()
NOW = dt.datetime(2026, 2, 18, 10, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def validators() -> dict[str, jsonschema.Draft202012Validator]:
    spec = json.loads(default_spec().read_bytes())
    registry: Registry[Any] = Registry().with_resource(
        "urn:discord", Resource.from_contents(spec, default_specification=DRAFT202012)
    )
    return {
        name: jsonschema.Draft202012Validator({"$ref": f"urn:discord#/components/schemas/{name}"}, registry=registry)
        for name in ("MessageCreateRequest", "MessageEditRequestPartial", "ModalInteractionCallbackRequestData")
    }


def _messages() -> list[V2Message]:
    snapshot = build_scoreboard(
        duel_status=DuelStatus.ACTIVE,
        rounds=[ScoreboardRound(round_no=1, status=RoundStatus.ACTIVE, ends_at=NOW)],
        pairs=[ScoreboardPair(pair_id="a", user1_id="1", user2_id="2")],
        submissions=[ScoreboardSubmission(pair_id="a", round_no=1, answer="hello")],
    )
    filters = DateFilters()
    variants = build_say_variants("Мне обидно", "ru", default_say())
    pair = Pair(
        id=uuid.uuid4(),
        guild_id="1",
        user_low="1",
        user_high="2",
        private_channel_id="5",
        status="active",
        version=1,
        created_at=NOW,
    )
    duel = PairHomeDuel(round_no=1, round_id=uuid.uuid4(), ends_at=NOW)
    home = PairHomeView(
        pair_id=pair.id, user1_id="1", user2_id="2", updated_at=NOW, parts=(render_duel_part(duel, pair, "ru", TR),)
    )
    return [
        render_pair_home(home, locale="ru", tr=TR),
        render_scoreboard(ScoreboardView(duel_id=uuid.uuid4(), snapshot=snapshot, updated_at=NOW), locale="en", tr=TR),
        render_round_notice(
            RoundNoticeView(round_id=uuid.uuid4(), round_no=1, pair_id=uuid.uuid4(), ends_at=NOW), locale="ru", tr=TR
        ),
        render_say_result(SayView(session_id=uuid.uuid4(), variants=variants, sent_at=NOW), locale="ru", tr=TR),
        render_say_room_message(author_id="1", text="x", locale="en", tr=TR),
        render_repair_step(
            RepairView(step=2, timeline=RepairTimeline(started_at=NOW)), default_repair_steps(), locale="en", tr=TR
        ),
        render_date_picker(filters, locale="ru", tr=TR),
        render_date_ideas(filters, pick_date_ideas(filters, default_date_ideas()), locale="en", tr=TR),
    ]


def _errors(validator: jsonschema.Draft202012Validator, payload: dict[str, Any]) -> list[str]:
    return [f"{list(error.absolute_path)}: {error.message[:200]}" for error in validator.iter_errors(payload)]


def test_messages_validate_for_create_and_edit(validators: dict[str, jsonschema.Draft202012Validator]) -> None:
    for message in _messages():
        payload = message.to_payload()
        assert _errors(validators["MessageCreateRequest"], payload) == []
        assert _errors(validators["MessageEditRequestPartial"], payload) == []
    broken = _messages()[0].to_payload()
    broken["components"][0]["type"] = 99
    assert _errors(validators["MessageCreateRequest"], broken)  # the check itself has teeth


def test_modals_validate(validators: dict[str, jsonschema.Draft202012Validator]) -> None:
    modals = [
        render_say_modal(locale="ru", tr=TR),
        render_answer_modal(round_id=uuid.uuid4(), pair_id=uuid.uuid4(), round_no=1, locale="en", tr=TR),
    ]
    for modal in modals:
        assert _errors(validators["ModalInteractionCallbackRequestData"], modal.to_payload()) == []


def test_a_paragraph_modal_with_texts_too_long_for_discord_is_clipped_and_still_valid(
    validators: dict[str, jsonschema.Draft202012Validator],
) -> None:
    long = "слово " * 40
    modal = paragraph_modal(
        custom_id="m", title=long, input_id="text", label=long, placeholder=long, min_length=2, max_length=400,
        intro="**Q**",
    )
    payload = modal.to_payload()
    assert _errors(validators["ModalInteractionCallbackRequestData"], payload) == []
    field = payload["components"][1]["components"][0]
    assert (len(payload["title"]), len(field["label"]), len(field["placeholder"])) == (45, 45, 100)
    assert payload["title"].endswith("…") and field["placeholder"].endswith("…")
    assert (field["style"], field["min_length"], field["max_length"]) == (2, 2, 400)

