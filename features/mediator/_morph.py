"""Russian morphology for ``/say`` (pymorphy3 and its dictionaries), loaded once and only when first needed.

Without it the rewrites still work: insults match only in the form listed, and a request that needs a verb in the
imperative falls back to the soft wording.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

# Only Russian words go to the analyzer: it has no business with other scripts, and it raises on characters
# Unicode has no name for.
_RUSSIAN_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")


class _Parse(Protocol):
    word: str
    normal_form: str
    tag: object

    def inflect(self, grammemes: set[str]) -> _Parse | None: ...


class _Analyzer(Protocol):
    def parse(self, word: str) -> list[_Parse]: ...


@lru_cache(maxsize=1)
def _analyzer() -> _Analyzer | None:
    # The dictionaries take a fraction of a second and some megabytes: load them on the first /say, not at import.
    try:
        import pymorphy3  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - the package is a dependency; this keeps the engine usable without it
        return None
    analyzer: _Analyzer = pymorphy3.MorphAnalyzer(lang="ru")
    return analyzer


@lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """The dictionary form of a Russian ``word`` in lower case (the word itself when unknown)."""
    analyzer = _analyzer()
    lowered = word.lower().replace("ё", "е")
    if analyzer is None or not _RUSSIAN_WORD.fullmatch(lowered):
        return lowered
    return analyzer.parse(lowered)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=4096)
def imperative(word: str) -> str | None:
    """``word`` (a verb addressed to "ты": "опаздываешь") as a request ("опаздывай"), or None if it is not one."""
    if not _RUSSIAN_WORD.fullmatch(word.lower()):
        return None
    analyzer = _analyzer()
    if analyzer is None:
        return None
    verbs = [p for p in analyzer.parse(word.lower()) if "VERB" in str(p.tag) and "2per" in str(p.tag)]
    # "Always"/"never" speak of a habit: the imperfective reading ("обещаешь" → "обещай") comes first.
    verbs.sort(key=lambda p: "impf" not in str(p.tag))
    for parse in verbs:
        inflected = parse.inflect({"impr", "excl"})  # excl: addressed to one person, "ты"
        if inflected is not None:
            return inflected.word
    return None
