"""The content loader (valid bundle, invalid files rejected) and the pair rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from features.dates import _content as dates_content
from features.kernel import check_id_keys
from features.kernel._errors import ContentError
from features.mediator import _content as mediator_content
from features.pairs._rules import InvalidPair, pair_members, pair_room_name


def test_bundled_content_is_at_least_the_earlier_amount() -> None:
    ideas = dates_content.load_date_ideas()
    assert len(ideas) >= 11
    assert len(mediator_content.load_repair_steps()) == 4
    for locale in ("ru", "en"):
        lexicon = mediator_content.load_say().words(locale)
        assert min(len(lexicon.soft_closers), len(lexicon.direct_closers)) >= 3
        assert len(lexicon.rules) >= 10 and lexicon.insults and lexicon.fillers
    # Russian texts are Russian, English texts English.
    idea = ideas[0]
    assert any("а" <= ch <= "я" for ch in idea.ru.title.lower())
    assert idea.en.title.isascii()


def _copy(tmp_path: Path) -> Path:
    """Both features' bundled content files in one folder (each loader reads its own files from it)."""
    target = tmp_path / "content"
    shutil.copytree(dates_content.CONTENT_DIR, target)
    shutil.copytree(mediator_content.CONTENT_DIR, target, dirs_exist_ok=True)
    return target


def _load_all(directory: Path) -> None:
    dates_content.load_date_ideas(directory)
    mediator_content.load_say(directory)
    mediator_content.load_repair_steps(directory)


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("say.toml", 'soft = "мне обидно, что {rest}"', 'soft = "мне обидно, что {summary}"'),
        ("say.toml", 'direct = "пожалуйста, не {request}"', 'direct = "пожалуйста, не {request"'),
        ("say.toml", "match = '(?:заткнись", "match = '(?:(заткнись"),
        ("say.toml", '"Давай решим это сегодня.",', '"Давай решим {это} сегодня.",'),
        ("say.toml", 'fillers = ["damn it",', 'fillers = ["Damn it",'),
        ("say.toml", 'fallback_short = "That hurt."', 'fallback_short = " "'),
        ("date_ideas.toml", 'energy = ["high"]\n', 'energy = ["extreme"]\n'),
        ("date_ideas.toml", 'key = "taste_map"', 'key = "walk_and_warm"'),
        ("date_ideas.toml", 'title = "Карта вкусов"', 'title = ""'),
        ("date_ideas.toml", 'title = "Taste map"', 'title = "Taste {map}"'),
        ("date_ideas.toml", 'title = "Taste map"', 'title = "Taste {map"'),
        ("say.toml", 'soft = "this hurt me"', 'soft = "this hurt me {rest}"'),
        ("repair.toml", 'title = "Pause"', 'titel = "Pause"'),
        ("repair.toml", "[[steps]]", "[[steps]]\n"),
    ],
)
def test_invalid_content_is_rejected(tmp_path: Path, file: str, old: str, new: str) -> None:
    directory = _copy(tmp_path)
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if new == "[[steps]]\n":
        # Drop the last step entirely: three steps are not a repair flow.
        path.write_text(text[: text.rindex("[[steps]]")], encoding="utf-8")
    with pytest.raises(ContentError):
        _load_all(directory)


def test_missing_file_is_a_content_error(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "say.toml").unlink()
    with pytest.raises(ContentError):
        _load_all(directory)


def test_content_keys_are_unique_and_fit_a_custom_id() -> None:
    check_id_keys("things", ["ab", "a_1", "z" * 32])
    check_id_keys("things", ["z" * 16], max_length=16)
    for bad in (["a"], ["1a"], ["a-b"], ["Ab"], ["z" * 33], ["ab", "ab"]):
        with pytest.raises(ContentError, match="things"):
            check_id_keys("things", bad)
    with pytest.raises(ContentError, match="2-16"):
        check_id_keys("things", ["z" * 17], max_length=16)


def test_pair_members_are_ordered_numerically() -> None:
    members = pair_members("900000000000000000", "1000000000000000000")
    assert (members.user_low, members.user_high) == ("900000000000000000", "1000000000000000000")
    assert pair_members("1000000000000000000", "900000000000000000") == members
    assert members.has("900000000000000000") and not members.has("1")


@pytest.mark.parametrize(("a", "b"), [("5", "5"), ("5", "7"), ("x", "5")])
def test_invalid_pairs(a: str, b: str) -> None:
    with pytest.raises(InvalidPair):
        pair_members(a, b, bot_user_id="7")


def test_room_names_keep_every_script() -> None:
    assert pair_room_name("Аня", "Миша") == "pair-аня-миша"
    assert pair_room_name("John Smith", "Ömer_K") == "pair-john-smith-ömer-k"
    assert pair_room_name("🌸🌸", "!!") == "pair-member-member"
    assert len(pair_room_name("x" * 200, "y" * 200)) <= 100
