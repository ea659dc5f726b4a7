"""Pure parts of the pair room effect: its key, the topic marker a later attempt recognises, the payload."""

from __future__ import annotations

import uuid

from features import install_features
from features.kernel import Effect
from features.kernel._host import FeatureHost
from features.pairs._room_effect import (
    PAIR_ROOM_EFFECT,
    find_marked_room,
    marked_topic,
    room_key,
    room_payload,
    room_spec,
)
from gateway import ChannelSpec, Overwrite

GUILD = "1"


def _effect(payload: dict[str, object], effect_id: int = 7) -> Effect:
    return Effect(
        id=uuid.UUID(int=effect_id), guild_id=GUILD, kind=PAIR_ROOM_EFFECT, channel_id=GUILD, payload=payload,
        context={}, status="processing",
    )


def test_one_key_per_pair_whichever_order_and_one_per_room_it_replaces() -> None:
    assert room_key(GUILD, "20", "100", None) == room_key(GUILD, "100", "20", None)  # numeric order, not text
    assert room_key(GUILD, "20", "100", None).endswith(":20:100:new")
    assert room_key(GUILD, "20", "100", "5") != room_key(GUILD, "20", "100", "6") != room_key(GUILD, "20", "100", None)
    assert room_key("2", "20", "100", None) != room_key(GUILD, "20", "100", None)


def test_a_marked_topic_keeps_its_words_and_fits_discord() -> None:
    assert marked_topic("Private room of A and B", "abc").startswith("Private room of A and B")
    long = marked_topic("x" * 2000, "abc")
    assert len(long) == 1024 and long.endswith("abc")
    assert marked_topic(None, "abc").endswith("abc")


def test_only_a_text_channel_carrying_this_nonce_is_taken_for_the_room() -> None:
    nonce = _effect({}).nonce
    listing = [
        {"id": "10", "type": 4, "topic": None},
        {"id": "11", "type": 0, "topic": marked_topic("room", "other")},  # another attempt's room
        {"id": "12", "type": 0, "topic": f"{marked_topic('room', nonce)} edited"},  # the marker not at the end
        {"id": "13", "type": 2, "topic": marked_topic("room", nonce)},  # a voice channel
        {"id": "14", "type": 0},
    ]
    assert find_marked_room(listing, nonce) is None
    assert find_marked_room([*listing, {"id": "15", "type": 0, "topic": marked_topic("room", nonce)}], nonce) == "15"
    assert find_marked_room([{"id": "16", "type": 0, "topic": marked_topic("room", f"x{nonce}")}], nonce) is None


def test_the_channel_comes_back_from_the_payload_with_the_effects_marker() -> None:
    spec = ChannelSpec(
        name="pair-a-b", parent_id="3", topic="Private room of A and B",
        overwrites=(Overwrite(id="11", kind=1, allow=1024), Overwrite(id=GUILD, kind=0, deny=1024)),
    )
    effect = _effect(room_payload(spec))
    made = room_spec(effect)
    assert made.name == spec.name and made.parent_id == spec.parent_id and made.overwrites == spec.overwrites
    assert made.topic == marked_topic(spec.topic, effect.nonce)
    assert find_marked_room([{"id": "9", "type": 0, "topic": made.topic}], effect.nonce) == "9"


def test_the_pairs_feature_declares_the_room_effect_with_its_finish_and_give_up() -> None:
    host = install_features(FeatureHost())
    kind = host.effect_kinds[PAIR_ROOM_EFFECT]
    assert kind.finish is not None and kind.gave_up is not None
