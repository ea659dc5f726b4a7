"""Renderers: structure, locale, Discord limits (components, text, custom ids) and state-driven buttons."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest

from features.dates._content import default_date_ideas
from features.dates._ideas import DateFilters, pick_date_ideas
from features.dates._ids import parse_date_save_id
from features.dates._render import render_date_ideas, render_date_picker
from features.duels._ids import parse_duel_id
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
from features.kernel import Pair, PairHomePart
from features.kernel._components import (
    IS_COMPONENTS_V2,
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    TextDisplay,
    V2Message,
    count_components,
    text_length,
    validate_message,
)
from features.kernel._custom_id import decode_custom_id
from features.kernel._errors import RenderLimitError
from features.kernel._features import Feature, FeatureState, FeatureStatus
from features.kernel._permissions import Access
from features.kernel._render_errors import access_denied_text, feature_unavailable_text
from features.mediator._content import SayTone, default_repair_steps, default_say
from features.mediator._repair_render import RepairView, render_repair_step
from features.mediator._repair_rules import RepairStatus, RepairTimeline
from features.mediator._say_render import SayView, render_say_modal, render_say_result, render_say_room_message
from features.mediator._say_rules import build_say_variants
from features.pairs._render import PairHomeView, render_pair_home
from gateway.i18n import Locale, default_translator

TR = default_translator()
NOW = dt.datetime(2026, 2, 18, 10, 0, tzinfo=dt.UTC)
LOCALES: tuple[Locale, ...] = ("ru", "en")


def _walk(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if "type" in node:
            found.append(node)
        for value in node.values():
            found.extend(_walk(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_walk(item))
    return found


def _payload(message: V2Message) -> dict[str, Any]:
    payload = message.to_payload()
    json.dumps(payload)  # plain JSON, nothing exotic
    assert payload["flags"] == IS_COMPONENTS_V2
    assert "content" not in payload and "embeds" not in payload
    for component in _walk(payload["components"]):
        if "custom_id" in component:
            assert len(component["custom_id"]) <= 100
            decode_custom_id(component["custom_id"])
    return payload


def _texts(payload: dict[str, Any]) -> str:
    return "\n".join(c["content"] for c in _walk(payload["components"]) if c["type"] == 10)


def _buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in _walk(payload["components"]) if c["type"] == 2]


PAIR = Pair(
    id=uuid.UUID(int=1),
    guild_id="1",
    user_low="111",
    user_high="222",
    private_channel_id="5",
    status="active",
    version=1,
    created_at=NOW,
)


def _home(duel: PairHomeDuel | None, locale: Locale = "en") -> PairHomeView:
    """The panel of :data:`PAIR` with the duel's section (the one section installed so far)."""
    return PairHomeView(
        pair_id=PAIR.id,
        user1_id=PAIR.user_low,
        user2_id=PAIR.user_high,
        updated_at=NOW,
        parts=(render_duel_part(duel, PAIR, locale, TR),),
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_pair_home_without_duel(locale: Locale) -> None:
    payload = _payload(render_pair_home(_home(None, locale), locale=locale, tr=TR))
    container = payload["components"][0]
    assert container["type"] == 17 and container["accent_color"] == 0x4F8A3F
    text = _texts(payload)
    assert TR.text(locale, "pair_home.title") in text
    assert "<@111>" in text and "<@222>" in text
    assert TR.text(locale, "pair_home.duel.none") in text
    assert _buttons(payload) == []


def test_pair_home_duel_states_choose_the_button() -> None:
    round_id = uuid.UUID(int=77)
    open_round = PairHomeDuel(round_no=2, round_id=round_id, ends_at=NOW + dt.timedelta(minutes=5))
    payload = _payload(render_pair_home(_home(open_round), locale="en", tr=TR))
    (answer,) = _buttons(payload)
    assert answer["style"] == ButtonStyle.PRIMARY
    ref = parse_duel_id(decode_custom_id(answer["custom_id"]))
    assert ref.round_id == round_id and ref.pair_id == uuid.UUID(int=1)
    assert "Round #2" in _texts(payload) and "<t:" in _texts(payload)

    answered = PairHomeDuel(round_no=2, round_id=round_id, ends_at=NOW, submitted=True)
    payload = _payload(render_pair_home(_home(answered), locale="en", tr=TR))
    (info,) = _buttons(payload)
    assert decode_custom_id(info["custom_id"]).action == "duel_info"
    assert "answer sent" in _texts(payload)

    waiting = _payload(render_pair_home(_home(PairHomeDuel(), "ru"), locale="ru", tr=TR))
    assert TR.text("ru", "pair_home.duel.waiting") in _texts(waiting)
    assert _buttons(waiting) == []


def test_pair_home_lists_every_section_in_order_with_its_button() -> None:
    parts = (
        PairHomePart(line="first line"),
        PairHomePart(line="second line", button=Button(style=ButtonStyle.SECONDARY, label="b", custom_id="t1:x:y")),
    )
    view = PairHomeView(pair_id=PAIR.id, user1_id="1", user2_id="2", updated_at=NOW, parts=parts)
    payload = _payload(render_pair_home(view, locale="ru", tr=TR))
    text = _texts(payload)
    assert text.index("first line") < text.index("second line")
    assert [b["custom_id"] for b in _buttons(payload)] == ["t1:x:y"]


def _board(pairs: int, submissions: int, status: DuelStatus, *, active_round: bool = True) -> ScoreboardView:
    pair_rows = [
        ScoreboardPair(pair_id=f"{i:04d}", user1_id=str(10**17 + i), user2_id=str(2 * 10**17 + i))
        for i in range(pairs)
    ]
    subs = [
        ScoreboardSubmission(pair_id=f"{i % pairs:04d}", round_no=1, answer="x" * (i % 37 + 2))
        for i in range(submissions)
    ]
    rounds = [
        ScoreboardRound(
            round_no=1,
            status=RoundStatus.ACTIVE if active_round else RoundStatus.CLOSED,
            ends_at=NOW + dt.timedelta(minutes=30),
        )
    ]
    snapshot = build_scoreboard(duel_status=status, rounds=rounds, pairs=pair_rows, submissions=subs)
    return ScoreboardView(duel_id=uuid.UUID(int=5), snapshot=snapshot, updated_at=NOW)


@pytest.mark.parametrize("locale", LOCALES)
def test_scoreboard_with_200_pairs_fits(locale: Locale) -> None:
    message = render_scoreboard(_board(200, 450, DuelStatus.ACTIVE), locale=locale, tr=TR)
    payload = _payload(message)
    assert text_length(message) <= 4000 and count_components(message) <= 40
    text = _texts(payload)
    assert text.count("<@") == 20  # top ten pairs, two mentions each
    assert TR.plural(locale, "duel.board.more", 190) in text
    assert TR.plural(locale, "duel.board.answers", 450) in text
    assert TR.plural(locale, "duel.board.pairs", 200) in text
    assert "#1" in text
    assert [decode_custom_id(b["custom_id"]).action for b in _buttons(payload)] == ["rules", "how", "open_room"]


def test_scoreboard_empty_and_ended() -> None:
    empty = _texts(_payload(render_scoreboard(_board(3, 0, DuelStatus.ACTIVE), locale="ru", tr=TR)))
    assert TR.text("ru", "duel.board.empty") in empty
    ended_msg = render_scoreboard(_board(3, 4, DuelStatus.ENDED), locale="en", tr=TR)
    ended = _payload(ended_msg)
    text = _texts(ended)
    assert "finished" in text and "Final results" in text and "Round #1 is over" in text
    assert "ended" not in text  # never the raw status
    assert ended["components"][0]["accent_color"] != 0xC44536
    assert [decode_custom_id(b["custom_id"]).action for b in _buttons(ended)] == ["rules", "open_room"]
    closed_board = _board(1, 0, DuelStatus.ACTIVE, active_round=False)
    closed = _texts(_payload(render_scoreboard(closed_board, locale="ru", tr=TR)))
    assert TR.text("ru", "duel.board.round.closed", round=1) in closed


def test_round_notice_and_modal() -> None:
    view = RoundNoticeView(round_id=uuid.UUID(int=9), round_no=3, pair_id=uuid.UUID(int=4), ends_at=NOW)
    payload = _payload(render_round_notice(view, locale="ru", tr=TR))
    assert "Раунд #3" in _texts(payload) and f"<t:{int(NOW.timestamp())}:t>" in _texts(payload)
    (button,) = _buttons(payload)
    assert parse_duel_id(decode_custom_id(button["custom_id"])).pair_id == uuid.UUID(int=4)
    modal = render_answer_modal(round_id=view.round_id, pair_id=view.pair_id, round_no=3, locale="en", tr=TR)
    data = modal.to_payload()
    assert len(data["title"]) <= 45 and data["custom_id"] != button["custom_id"]
    text_input = data["components"][0]["components"][0]
    assert text_input == {
        "type": 4,
        "custom_id": "answer",
        "label": "Your answer",
        "style": 2,
        "min_length": 2,
        "max_length": 400,
        "placeholder": TR.text("en", "duel.modal.placeholder"),
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_say_result(locale: Locale) -> None:
    variants = build_say_variants("x" * 320, locale, default_say())
    view = SayView(session_id=uuid.UUID(int=3), variants=variants, selected=SayTone.DIRECT)
    payload = _payload(render_say_result(view, locale=locale, tr=TR))
    buttons = _buttons(payload)
    assert [b["style"] for b in buttons[:3]] == [ButtonStyle.SECONDARY, ButtonStyle.PRIMARY, ButtonStyle.SECONDARY]
    assert not buttons[3].get("disabled", False)
    assert variants.direct in _texts(payload)
    sent = SayView(session_id=uuid.UUID(int=3), variants=variants, sent_at=NOW)
    assert _buttons(_payload(render_say_result(sent, locale=locale, tr=TR)))[3]["disabled"] is True
    lonely = SayView(session_id=uuid.UUID(int=3), variants=variants, has_pair_room=False)
    lonely_payload = _payload(render_say_result(lonely, locale=locale, tr=TR))
    assert _buttons(lonely_payload)[3]["disabled"] is True
    assert TR.text(locale, "say.result.no_pair_room") in _texts(lonely_payload)


def test_say_modal_and_room_message() -> None:
    data = render_say_modal(locale="ru", tr=TR).to_payload()
    assert data["custom_id"] == "t1:say:submit"
    assert data["components"][0]["components"][0]["max_length"] == 320
    room = _payload(render_say_room_message(author_id="42", text="Привет", locale="en", tr=TR))
    assert "<@42>" in _texts(room) and "> Привет" in _texts(room)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_repair_steps(locale: Locale, step: int) -> None:
    timeline = RepairTimeline(started_at=NOW)
    status = RepairStatus.COMPLETED if step == 4 else RepairStatus.ACTIVE
    view = RepairView(step=step, timeline=timeline, status=status)
    text = _texts(_payload(render_repair_step(view, default_repair_steps(), locale=locale, tr=TR)))
    step_text = default_repair_steps()[step - 1].words(locale)
    assert step_text.title in text and step_text.instruction in text
    assert TR.plural(locale, "repair.title", 7) in text
    if step < 4:
        assert f"<t:{int((NOW + dt.timedelta(minutes=2 * step)).timestamp())}:R>" in text
        assert "<t:1771409220:R>" in text  # the flow's end, +7 minutes
    else:
        assert TR.text(locale, "repair.complete") in text
    with pytest.raises(ValueError):
        render_repair_step(RepairView(step=5, timeline=timeline), default_repair_steps(), locale="ru", tr=TR)


@pytest.mark.parametrize("locale", LOCALES)
def test_date_picker_and_ideas(locale: Locale) -> None:
    filters = DateFilters()
    picker = _payload(render_date_picker(filters, locale=locale, tr=TR))
    selects = [c for c in _walk(picker["components"]) if c["type"] == 3]
    assert len(selects) == 3
    for select in selects:
        assert sum(o.get("default", False) for o in select["options"]) == 1
    ideas = pick_date_ideas(filters, default_date_ideas())
    result = _payload(render_date_ideas(filters, ideas, locale=locale, tr=TR))
    assert len(result["components"]) == 4
    text = _texts(result)
    for idea in ideas:
        words = idea.words(locale)
        assert words.title in text and words.starter in text and words.plan_b in text
    saves = [parse_date_save_id(decode_custom_id(b["custom_id"])) for b in _buttons(result)]
    assert saves == [(filters, idea.key) for idea in ideas]


def test_refusal_texts_name_what_is_missing() -> None:
    state = FeatureState(
        feature=Feature.RAID, status=FeatureStatus.NOT_CONFIGURED, missing=("raid_channel_id", "hall_channel_id")
    )
    text = feature_unavailable_text(state, locale="en", tr=TR)
    assert "Raid" in text and "raid channel, hall of fame channel" in text
    off = FeatureState(feature=Feature.ANON, status=FeatureStatus.DISABLED)
    assert "Анонимные вопросы" in feature_unavailable_text(off, locale="ru", tr=TR)
    moderator = access_denied_text(Access.MODERATOR_REQUIRED, locale="en", tr=TR)
    assert moderator == TR.text("en", "error.moderator_required")
    assert access_denied_text(Access.ADMIN_REQUIRED, locale="ru", tr=TR) == TR.text("ru", "error.admin_required")
    with pytest.raises(ValueError):
        access_denied_text(Access.ALLOWED, locale="ru", tr=TR)
    with pytest.raises(ValueError):
        feature_unavailable_text(FeatureState(feature=Feature.HALL, status=FeatureStatus.READY), locale="ru", tr=TR)


def _button(n: int) -> Button:
    return Button(style=ButtonStyle.SECONDARY, label="x", custom_id=f"t1:x:y:{n}")


def test_validate_message_enforces_limits() -> None:
    many = V2Message(components=tuple(TextDisplay(content="a") for _ in range(41)))
    with pytest.raises(RenderLimitError, match="41 components"):
        validate_message(many)
    long = V2Message(components=(TextDisplay(content="a" * 2001), TextDisplay(content="b" * 2000)))
    with pytest.raises(RenderLimitError, match="4001"):
        validate_message(long)
    with pytest.raises(RenderLimitError):
        validate_message(V2Message(components=(ActionRow(components=tuple(_button(i) for i in range(6))),)))
    with pytest.raises(RenderLimitError, match="unique"):
        validate_message(V2Message(components=(ActionRow(components=(_button(1), _button(1))),)))
    bad_label = Button(style=ButtonStyle.PRIMARY, label="x" * 81, custom_id="t1:x:y")
    with pytest.raises(RenderLimitError):
        validate_message(V2Message(components=(Container(components=(ActionRow(components=(bad_label,)),)),)))
    ok = V2Message(components=(Container(components=(TextDisplay(content="a" * 4000),)),))
    assert validate_message(ok) is ok and count_components(ok) == 2
