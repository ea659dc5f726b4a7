"""Property tests: whatever the state, every rendered message stays within Discord's limits."""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from features.dates._content import Budget, Energy, TimeWindow, default_date_ideas
from features.dates._ideas import DateFilters, pick_date_ideas
from features.dates._render import render_date_ideas, render_date_picker
from features.duels._pair_home import PairHomeDuel, render_duel_part
from features.duels._render import ScoreboardView, render_scoreboard
from features.duels._rules import DuelStatus, RoundStatus
from features.duels._scoreboard import ScoreboardPair, ScoreboardRound, ScoreboardSubmission, build_scoreboard
from features.kernel import Pair
from features.kernel._components import MAX_COMPONENTS, MAX_TEXT_LENGTH, count_components, text_length
from features.mediator._content import SayTone, default_say
from features.mediator._say_render import SayView, render_say_result
from features.mediator._say_rules import build_say_variants
from features.pairs._render import PairHomeView, render_pair_home
from gateway.i18n import Locale, default_translator

TR = default_translator()
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
    duel: PairHomeDuel | None,
) -> None:
    pair = Pair(
        id=uuid.uuid4(),
        guild_id="1",
        user_low=user1,
        user_high=user2,
        private_channel_id="5",
        status="active",
        version=1,
        created_at=NOW,
    )
    view = PairHomeView(
        pair_id=pair.id,
        user1_id=user1,
        user2_id=user2,
        updated_at=NOW,
        parts=(render_duel_part(duel, pair, locale, TR),),
    )
    message = render_pair_home(view, locale=locale, tr=TR)
    assert text_length(message) <= MAX_TEXT_LENGTH


@settings(max_examples=40, deadline=None)
@given(locales, st.text(min_size=2, max_size=320).filter(lambda s: len(" ".join(s.split())) >= 2), st.uuids())
def test_say_result_always_fits(locale: Locale, text: str, session: uuid.UUID) -> None:
    variants = build_say_variants(text, locale, default_say())
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
                    ideas = pick_date_ideas(filters, default_date_ideas())
                    message = render_date_ideas(filters, ideas, locale=locale, tr=TR)
                    assert count_components(message) <= MAX_COMPONENTS
