"""The raid's surfaces in both languages: the card running and ended, the prompt and what a confirmation
added."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import msgspec
import pytest

from features.raids._quests import load_quests
from features.raids._render import (
    PromptView,
    RaidCardView,
    RaidNumbers,
    progress_bar,
    render_claim_prompt,
    render_progress_card,
    render_quests,
    settled_text,
)
from features.raids._rules import RaidStatus, apply_daily_cap
from features.raids._store import TopPair
from gateway.i18n import default_translator

RAID = uuid.UUID(int=42)
ENDS = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)


def _numbers(status: RaidStatus, progress: int = 120) -> RaidNumbers:
    return RaidNumbers(
        raid_id=RAID, status=status, goal=500, progress=progress, days_left=3, participants=2, ends_at=ENDS
    )


def _text(payload: dict[str, object]) -> str:
    return json.dumps(payload, ensure_ascii=False)


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_a_running_card_shows_the_figures_and_hides_members_who_did_not_opt_in(locale: str) -> None:
    tr = default_translator()
    card = render_progress_card(
        RaidCardView(numbers=_numbers(RaidStatus.ACTIVE), changed_at=ENDS), locale=locale, tr=tr  # type: ignore[arg-type]
    ).to_payload()
    text = _text(card)
    assert "120 / 500" in text and "24%" in text and progress_bar(24) in text
    assert tr.text(locale, "raid.card.top_empty") in text  # type: ignore[arg-type]
    assert "<@" not in text  # nobody who did not agree is named
    assert "t1:raid:quests:" in text


def test_the_top_lists_the_pairs_given_in_order() -> None:
    top = (
        TopPair(pair_id=uuid.UUID(int=1), user_low="11", user_high="12", points=40),
        TopPair(pair_id=uuid.UUID(int=2), user_low="21", user_high="22", points=25),
    )
    numbers = msgspec.structs.replace(_numbers(RaidStatus.ACTIVE), top=top)
    text = _text(render_progress_card(RaidCardView(numbers=numbers, changed_at=ENDS), locale="en",
                                      tr=default_translator()).to_payload())
    assert "1. <@11> + <@12>: **40 points**" in text and "2. <@21> + <@22>: **25 points**" in text


def test_an_ended_card_says_so_and_offers_no_quests() -> None:
    tr = default_translator()
    card = render_progress_card(
        RaidCardView(numbers=_numbers(RaidStatus.ENDED), changed_at=ENDS), locale="en", tr=tr
    ).to_payload()
    text = _text(card)
    assert "finished" in text and "This raid is over" in text
    assert "t1:raid:quests:" not in text and "t1:raid:rules:" in text
    assert "days left" not in text


def test_russian_plurals_on_the_card() -> None:
    tr = default_translator()
    assert tr.plural("ru", "raid.points", 1) == "1 балл"
    assert tr.plural("ru", "raid.points", 3) == "3 балла"
    assert tr.plural("ru", "raid.points", 11) == "11 баллов"
    assert tr.plural("ru", "raid.card.days_left", 2, ends="x") == "Осталось **2** дня, финиш x"


def test_the_quests_list_and_the_prompt() -> None:
    tr = default_translator()
    quests = load_quests()[:3]
    listing = _text(render_quests(RAID, "2026-12-03", quests, locale="en", tr=tr).to_payload())
    assert all(q.en.title in listing for q in quests)
    assert listing.count("t1:raid:claim:") == 3
    prompt = _text(
        render_claim_prompt(
            PromptView(claim_id=RAID, claimer_id="1", partner_id="2", quest_title="Picnic", points=25),
            locale="ru", tr=tr,
        ).to_payload()
    )
    assert "<@1>" in prompt and "<@2>" in prompt and "25 баллов" in prompt and "t1:raid:confirm:" in prompt


def test_what_a_confirmation_added_in_words() -> None:
    tr = default_translator()
    assert settled_text(apply_daily_cap(0, 20), 20, locale="en", tr=tr) == "+20 points to the server's raid."
    assert "worth 10 points" in settled_text(apply_daily_cap(55, 10), 10, locale="en", tr=tr)
    assert "no points" in settled_text(apply_daily_cap(60, 10), 10, locale="en", tr=tr)
