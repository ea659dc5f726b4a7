"""The soak audit counts each effect once, twice or never from outbox rows and what the emulator holds."""

from __future__ import annotations

import datetime as dt

from tests._soak_audit import Downtime, EffectRow, Observed, PostedMessage, audit

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def post(
    n: int, *, status: str = "sent", kind: str = "setup_test", due: float = 0.0, sent: float | None = 1.0
) -> EffectRow:
    return EffectRow(
        id=f"e{n}", kind=kind, status=status, nonce=f"n{n}", due_at=at(due),
        settled_at=None if status in ("pending", "processing") or sent is None else at(sent),
        result={"message_id": f"m{n}"} if status == "sent" else None,
    )


def message(n: int, *, nonce: str | None = None, channel: str = "c1") -> PostedMessage:
    return PostedMessage(id=f"m{n}", channel_id=channel, nonce=f"n{n}" if nonce is None else nonce)


def observed(
    effects: list[EffectRow],
    messages: list[PostedMessage],
    *,
    channels: frozenset[str] = frozenset({"c1"}),
    rooms: frozenset[str] = frozenset(),
    pair_rooms: frozenset[str] = frozenset(),
    singletons: dict[str, int] | None = None,
    downtime: list[Downtime] | None = None,
    now: dt.datetime = T0 + dt.timedelta(seconds=100),
    lease_seconds: float = 2.0,
) -> Observed:
    return Observed(
        effects=effects, messages=messages, channels=channels, rooms=rooms, pair_rooms=pair_rooms,
        singletons=singletons or {}, downtime=downtime or [], now=now,
        lease_seconds=lease_seconds,
    )


def test_each_effect_posted_once_is_clean() -> None:
    result = audit(observed([post(1), post(2, kind="setup_panel")], [message(1), message(2)]))
    assert result.clean
    assert (result.effects_expected, result.effects_seen, result.doubles, result.missing) == (2, 2, 0, 0)
    assert dict(result.by_kind) == {"setup_test": 1, "setup_panel": 1}


def test_a_second_message_with_an_effects_nonce_is_a_double() -> None:
    result = audit(observed([post(1)], [message(1), PostedMessage(id="m9", channel_id="c1", nonce="n1")]))
    assert result.doubles == 1 and not result.clean
    assert result.effects_seen == 1  # the recorded one is there: seen, and doubled


def test_a_nonce_on_two_messages_is_a_double_with_or_without_an_outbox_row() -> None:
    panel = [PostedMessage(id=f"p{n}", channel_id="room", nonce="projection post") for n in (1, 2)]
    result = audit(observed([post(1)], [message(1), *panel]))
    assert result.doubles == 1 and result.effects_seen == 1


def test_a_flow_singleton_counted_twice_is_a_double() -> None:
    result = audit(observed([], [], singletons={"notice r1 p1": 2, "notice r1 p2": 1, "notice r2 p1": 3}))
    assert result.doubles == 3


def test_effects_not_sent_or_not_in_discord_are_missing() -> None:
    pending = post(1, status="pending")
    held = post(2, status="processing")
    vanished = post(3)  # sent, but its message is not in the channel
    wrong_nonce = post(4)
    result = audit(observed([pending, held, vanished, wrong_nonce], [message(4, nonce="someone else's")]))
    assert result.missing == 4 and result.effects_seen == 0 and not result.clean


def test_failed_and_dead_effects_are_given_up_not_missing() -> None:
    result = audit(observed([post(1, status="failed"), post(2, status="dead")], []))
    assert (result.given_up, result.missing, result.effects_seen) == (2, 0, 0)
    assert not result.clean


def test_a_channel_effect_is_seen_when_its_channel_exists() -> None:
    room = EffectRow(id="r", kind="pair_room", status="sent", nonce="nr", due_at=at(0), settled_at=at(1),
                     result={"channel_id": "room1"})
    gone = EffectRow(id="g", kind="pair_room", status="sent", nonce="ng", due_at=at(0), settled_at=at(1),
                     result={"channel_id": "room2"})
    result = audit(observed([room, gone], [], channels=frozenset({"c1", "room1"})))
    assert (result.effects_seen, result.missing) == (1, 1)


def test_rooms_no_pair_owns_are_orphans_and_pairs_without_a_room_are_missing() -> None:
    result = audit(
        observed(
            [], [], channels=frozenset({"c1", "room1", "room2"}), rooms=frozenset({"room1", "room2"}),
            pair_rooms=frozenset({"room1", "room3"}),
        )
    )
    assert result.orphans == 1  # room2: created, never recorded as a pair's
    assert result.missing == 1  # room3: a pair whose room is not in the guild


def test_the_longest_wait_leaves_out_the_time_no_bot_was_up() -> None:
    slow = post(1, due=10.0, sent=20.0)
    quick = post(2, due=0.0, sent=3.0)
    result = audit(observed([slow, quick], [message(1), message(2)], downtime=[Downtime(at(12), at(18))]))
    assert result.longest_wait_s == 10.0
    assert result.longest_wait_up_s == 4.0  # 10 s due → sent, 6 of them with no bot running
    assert result.waits_over_lease == 2  # 4 s and 3 s up, each over the 2 s lease


def test_an_effect_still_waiting_has_waited_until_the_audit() -> None:
    result = audit(observed([post(1, status="pending", due=40.0)], [], now=at(100)))
    assert result.longest_wait_s == 60.0


def test_an_effect_given_up_waited_until_it_was_given_up() -> None:
    result = audit(observed([post(1, status="failed", due=40.0, sent=45.0)], [], now=at(100)))
    assert result.longest_wait_s == 5.0


def test_nothing_recorded_waits_nothing() -> None:
    result = audit(observed([], []))
    assert result.clean and result.longest_wait_s == 0.0 and result.longest_wait_up_s == 0.0
    assert result.as_dict()["longest_wait_ms"] == 0.0
