"""The mascot's answers: the bundled content is valid, a question's theme comes from its keywords in either
language, and the answer is the same for everyone, in the guild's language."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from features.anon._answers import (
    CONTENT_DIR,
    Theme,
    answer_catalogue,
    check_answer_content,
    load_answers,
    mascot_answer,
    theme_of,
)
from features.kernel import ContentError


def test_the_bundled_answers_are_valid() -> None:
    assert check_answer_content() == "9 mascot answers in 3 themes (ru, en)"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("How do I talk about jealousy without a fight?", Theme.BOUNDARIES),  # boundaries are tried first
        ("Он читает мои сообщения — это нарушение личных границ?", Theme.BOUNDARIES),
        ("We argue every weekend. How do we stop?", Theme.REPAIR),
        ("Как помириться после ссоры, если оба упрямые?", Theme.REPAIR),
        ("What's your favourite thing to do together?", Theme.CONNECTION),
        ("Как вы проводите выходные вдвоём?", Theme.CONNECTION),
        ("I'm SORRY I forgot our anniversary", Theme.REPAIR),
    ],
)
def test_a_question_s_theme_comes_from_its_keywords(text: str, theme: Theme) -> None:
    assert theme_of(text, answer_catalogue()).theme is theme


def test_the_answer_depends_only_on_the_question_and_the_language() -> None:
    themes = answer_catalogue()
    question = uuid.UUID(int=7)
    text = "We argue every weekend. How do we stop?"
    repair = next(t for t in themes if t.theme is Theme.REPAIR)
    en = mascot_answer(question, text, "en", themes)
    ru = mascot_answer(question, text, "ru", themes)
    assert en == mascot_answer(question, text, "en", themes)
    assert en in repair.en and ru in repair.ru
    assert repair.en.index(en) == repair.ru.index(ru)  # the same pick, worded in each language
    picks = {mascot_answer(uuid.UUID(int=n), text, "en", themes) for n in range(40)}
    assert picks == set(repair.en)  # every answer of the theme is reachable


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "answers.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_broken_content_is_refused(tmp_path: Path) -> None:
    bundled = (CONTENT_DIR / "answers.toml").read_text(encoding="utf-8")
    swapped = bundled.replace('theme = "boundaries"', 'theme = "TMP"').replace(
        'theme = "repair"', 'theme = "boundaries"'
    ).replace('theme = "TMP"', 'theme = "repair"')
    with pytest.raises(ContentError, match="in this order"):
        load_answers(_write(tmp_path, swapped))
    uneven = "\n".join(line for line in bundled.splitlines() if "A real apology has no" not in line)
    assert uneven.count("\n") < bundled.count("\n")
    with pytest.raises(ContentError, match="as many in every language"):
        load_answers(_write(tmp_path, uneven))
    upper = bundled.replace('"boundar",', '"Boundar",')
    with pytest.raises(ContentError, match="lower-case"):
        load_answers(_write(tmp_path, upper))
