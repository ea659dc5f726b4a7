"""``/date`` picks: the earlier version's vectors for all 27 filter combinations still hold."""

from __future__ import annotations

import random

import pytest

from features.dates._content import Budget, Energy, TimeWindow, default_date_ideas
from features.dates._ideas import DateFilters, matching_ideas, pick_date_ideas

VECTORS = """
low free quick 3 cozy_budget_reset question_box_night walk_and_warm
low free evening 4 question_box_night cozy_budget_reset home_spa_switch
low free halfday 1 cozy_budget_reset home_spa_switch photo_story_route
low moderate quick 3 walk_and_warm cozy_budget_reset question_box_night
low moderate evening 4 cozy_budget_reset question_box_night walk_and_warm
low moderate halfday 0 photo_story_route question_box_night museum_then_talk
low splurge quick 2 home_spa_switch question_box_night museum_then_talk
low splurge evening 2 taste_map new_place_hour question_box_night
low splurge halfday 0 museum_then_talk cozy_budget_reset walk_and_warm
medium free quick 3 walk_and_warm question_box_night micro_chef_battle
medium free evening 4 walk_and_warm question_box_night micro_chef_battle
medium free halfday 2 micro_chef_battle taste_map home_spa_switch
medium moderate quick 3 micro_chef_battle question_box_night walk_and_warm
medium moderate evening 6 taste_map photo_story_route micro_chef_battle
medium moderate halfday 4 taste_map museum_then_talk new_place_hour
medium splurge quick 2 new_place_hour photo_story_route question_box_night
medium splurge evening 4 new_place_hour walk_and_warm question_box_night
medium splurge halfday 3 new_place_hour taste_map museum_then_talk
high free quick 1 taste_map photo_story_route walk_and_warm
high free evening 2 taste_map museum_then_talk walk_and_warm
high free halfday 2 question_box_night home_spa_switch sunrise_reset
high moderate quick 1 micro_chef_battle museum_then_talk photo_story_route
high moderate evening 3 micro_chef_battle new_place_hour photo_story_route
high moderate halfday 3 new_place_hour city_side_quest photo_story_route
high splurge quick 0 question_box_night taste_map cozy_budget_reset
high splurge evening 1 taste_map city_side_quest home_spa_switch
high splurge halfday 2 city_side_quest new_place_hour walk_and_warm
"""

ROWS = [line.split() for line in VECTORS.strip().splitlines()]
IDEAS = default_date_ideas()


@pytest.mark.parametrize("row", ROWS, ids=["-".join(r[:3]) for r in ROWS])
def test_vectors(row: list[str]) -> None:
    energy, budget, time, matched, *keys = row
    filters = DateFilters(energy=Energy(energy), budget=Budget(budget), time=TimeWindow(time))
    assert len(matching_ideas(filters, IDEAS)) == int(matched)
    assert [idea.key for idea in pick_date_ideas(filters, IDEAS)] == keys


def test_file_order_does_not_matter() -> None:
    shuffled = list(IDEAS)
    random.Random(7).shuffle(shuffled)
    for energy in Energy:
        filters = DateFilters(energy=energy)
        assert pick_date_ideas(filters, tuple(shuffled)) == pick_date_ideas(filters, IDEAS)


def test_defaults_are_the_middle_values() -> None:
    assert DateFilters() == DateFilters(energy=Energy.MEDIUM, budget=Budget.MODERATE, time=TimeWindow.EVENING)
    assert len({idea.key for idea in pick_date_ideas(DateFilters(), IDEAS)}) == 3
