"""The check-in's pure rules: the five scores, how a typed score is read, and the guild's week.

A score is read strictly (features.md §16 item 17: the earlier version read ``8a`` as 8): after trimming the
spaces a phone keyboard adds, it must be ASCII digits only and a whole number from 1 to 10. Anything else is
reported by field, and nothing of the submit is stored.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from typing import Final
from zoneinfo import ZoneInfo

import msgspec

from features.kernel import week_key

MIN_SCORE: Final = 1
MAX_SCORE: Final = 10
_DIGITS: Final = re.compile(r"[0-9]+")


class Score(enum.StrEnum):
    """The five questions of a check-in, in the order the modal asks them (the value is the input's id)."""

    COMMUNICATION = "communication"
    SUPPORT = "support"
    TIME_TOGETHER = "time_together"
    REPAIR = "repair"
    OVERALL = "overall"


class Scores(msgspec.Struct, frozen=True, kw_only=True):
    """Five valid scores, one per :class:`Score`."""

    communication: int
    support: int
    time_together: int
    repair: int
    overall: int

    def of(self, score: Score) -> int:
        """The value given for ``score``."""
        value: int = getattr(self, score.value)
        return value


class InvalidScores(ValueError):
    """Some scores are not whole numbers 1..10: the fields, in the modal's order."""

    def __init__(self, fields: tuple[Score, ...]) -> None:
        super().__init__(", ".join(field.value for field in fields))
        self.fields = fields


def parse_score(raw: str) -> int | None:
    """The whole number 1..10 typed as ``raw`` (surrounding spaces allowed); None for anything else: empty,
    ``8a``, ``7.5``, ``0``, ``11``, ``+5``, non-ASCII digits."""
    text = raw.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if MIN_SCORE <= value <= MAX_SCORE else None


def parse_scores(fields: Mapping[str, str]) -> Scores:
    """The five scores from a modal's fields by input id; :class:`InvalidScores` names every bad or missing one."""
    values: dict[str, int] = {}
    invalid: list[Score] = []
    for score in Score:
        value = parse_score(fields.get(score.value, ""))
        if value is None:
            invalid.append(score)
        else:
            values[score.value] = value
    if invalid:
        raise InvalidScores(tuple(invalid))
    return Scores(**values)


def checkin_week(moment: dt.datetime, tz: ZoneInfo) -> str:
    """The guild-local week a check-in made at ``moment`` counts for: its Monday, ``YYYY-MM-DD``."""
    return week_key(moment, tz)


def week_span(key: str) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of the week ``key`` (shown to members as the week's dates)."""
    monday = dt.date.fromisoformat(key)
    return monday, monday + dt.timedelta(days=6)
