"""Property tests: whatever the state, every rendered message stays within Discord's limits."""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.domain import (
    Budget,
    DateFilters,
    DuelStatus,
    Energy,
    RoundStatus,
    SayTone,
    ScoreboardPair,
    ScoreboardRound,
    ScoreboardSubmission,
    TimeWindow,
    build_say_variants,
    build_scoreboard,
    default_content,
    pick_date_ideas,
)
from gateway.domain.render import (
    MAX_COMPONENTS,
    MAX_TEXT_LENGTH,
    PairHomeDuel,
    PairHomeView,
    SayView,
    ScoreboardView,
    count_components,
    render_date_ideas,
    render_date_picker,
    render_pair_home,
    render_say_result,
    render_scoreboard,
    text_length,
)
from gateway.i18n import Locale, default_translator

TR = default_translator()
CONTENT = default_content()
NOW = dt.datetime(2026, 2, 18, 10, 0, tzinfo=dt.UTC)
locales = st.sampled_from(["ru", "en"])
snowflakes = st.integers(min_value=10**16, max_value=2**64 - 1).map(str)


@settings(max_examples=40, deadline=None)
@given(
    locales,
    st.integers(min_value=0, max_value=400),
    st.lists(st.text(min_size=2, max_size=400), max_size=60),
    st.sampled_from(DuelStatus),
    st.integers(min_value=1, max_value=10_000),
    snowflakes,
)
def test_scoreboard_always_fits(
    locale: Locale, pairs: int, answers: list[str], status: DuelStatus, round_no: int, user: str
) -> None:
    pair_rows = [ScoreboardPair(pair_id=f"{i:05d}", user1_id=user, user2_id=user) for i in range(pairs)]
    subs = [
        ScoreboardSubmission(pair_id=f"{i % max(pairs, 1):05d}", round_no=round_no, answer=answer)
        for i, answer in enumerate(answers)
    ]
    rounds = [ScoreboardRound(round_no=round_no, status=RoundStatus.ACTIVE, ends_at=NOW)]
    snapshot = build_scoreboard(duel_status=status, rounds=rounds, pairs=pair_rows, submissions=subs)
    message = render_scoreboard(
        ScoreboardView(duel_id=uuid.uuid4(), snapshot=snapshot, updated_at=NOW), locale=locale, tr=TR
    )
    assert text_length(message) <= MAX_TEXT_LENGTH and count_components(message) <= MAX_COMPONENTS


@settings(max_examples=40, deadline=None)
@given(
    locales,
    snowflakes,
    snowflakes,
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
    st.one_of(
        st.none(),
        st.builds(
            PairHomeDuel,
            round_no=st.one_of(st.none(), st.integers(1, 10**6)),
            round_id=st.one_of(st.none(), st.uuids()),
            ends_at=st.one_of(st.none(), st.just(NOW)),
            submitted=st.booleans(),
        ),
    ),
)
def test_pair_home_always_fits(
    locale: Locale,
    user1: str,
    user2: str,
    checkin: bool,
    checkin_enabled: bool,
    raid_enabled: bool,
    points: int | None,
    duel: PairHomeDuel | None,
) -> None:
    view = PairHomeView(
        pair_id=uuid.uuid4(),
        user1_id=user1,
        user2_id=user2,
        week_start=NOW.date(),
        checkin_submitted=checkin,
        updated_at=NOW,
        checkin_enabled=checkin_enabled,
        raid_enabled=raid_enabled,
        raid_points_today=points,
        duel=duel,
    )
    message = render_pair_home(view, locale=locale, tr=TR)
    assert text_length(message) <= MAX_TEXT_LENGTH


@settings(max_examples=40, deadline=None)
@given(locales, st.text(min_size=2, max_size=320).filter(lambda s: len(" ".join(s.split())) >= 2), st.uuids())
def test_say_result_always_fits(locale: Locale, text: str, session: uuid.UUID) -> None:
    variants = build_say_variants(text, locale, CONTENT.say)
    for tone in SayTone:
        message = render_say_result(SayView(session_id=session, variants=variants, selected=tone), locale=locale, tr=TR)
        assert text_length(message) <= MAX_TEXT_LENGTH


def test_every_date_combination_renders_in_both_locales() -> None:
    locale: Locale
    for locale in ("ru", "en"):
        for energy in Energy:
            for budget in Budget:
                for time in TimeWindow:
                    filters = DateFilters(energy=energy, budget=budget, time=time)
                    render_date_picker(filters, locale=locale, tr=TR)
                    ideas = pick_date_ideas(filters, CONTENT.date_ideas)
                    message = render_date_ideas(filters, ideas, locale=locale, tr=TR)
                    assert count_components(message) <= MAX_COMPONENTS
