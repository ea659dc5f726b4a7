"""``/date`` ideas saved for a weekend (``date_weekend_plans``): one row per member, weekend and idea."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Final

import msgspec

from store import Connection


class NewDatePlan(msgspec.Struct, frozen=True, kw_only=True):
    """An idea a member saves, with the filters it came from and its words as shown."""

    guild_id: str
    user_id: str
    pair_id: uuid.UUID | None
    weekend_date: dt.date
    energy: str
    budget: str
    time_window: str
    idea_key: str
    locale: str
    idea: dict[str, Any]


_INSERT: Final = """
INSERT INTO date_weekend_plans
    (id, guild_id, user_id, pair_id, weekend_date, energy, budget, time_window, idea_key, locale, idea_json)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
ON CONFLICT ON CONSTRAINT date_weekend_plans_once DO NOTHING
"""


async def save_date_plan(conn: Connection, plan: NewDatePlan) -> bool:
    """Save the idea for the weekend; False when the member already saved it for that weekend."""
    status = await conn.execute(
        _INSERT, uuid.uuid4(), plan.guild_id, plan.user_id, plan.pair_id, plan.weekend_date, plan.energy,
        plan.budget, plan.time_window, plan.idea_key, plan.locale, msgspec.json.encode(plan.idea).decode(),
    )
    return bool(status == "INSERT 0 1")
