"""The horoscope's one job (DESIGN decisions 1 and 2): ``weekly.horoscope.publish``, Monday 10:00 in each
guild's timezone. It is also the card's refresh job: fired by the schedule (no entity) it refreshes the
guild's card, which by then shows the new week; ``/horoscope publish-now`` enqueues it for the card at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from features.kernel import WEEKLY_RETRY, job_fields
from gateway.projection import RefreshJob, RefreshTarget
from store import Connection, JobSpec, ScheduledPayload

#: The card's entity id: one card per guild, ``projection:horoscope:<guild>:card``.
CARD_ENTITY: Final = "card"


class HoroscopePublish(ScheduledPayload, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Show the guild's card of the current horoscope week; without ``entity`` (the schedule), the card."""

    entity: str | None = None


PUBLISH_SPEC: Final = JobSpec(
    name="weekly.horoscope.publish", payload_type=HoroscopePublish, feature="horoscope", action="publish",
    retry=WEEKLY_RETRY, cron="0 10 * * 1",
)


def _payload(guild_id: str, entity_id: str, reason: str) -> HoroscopePublish:
    fields = job_fields(guild_id=guild_id, feature="horoscope", action="publish")
    return HoroscopePublish(**fields, entity=entity_id, reason=reason)


def _entity(payload: HoroscopePublish) -> str | None:
    return payload.entity


async def _the_card(conn: Connection, guild_id: str) -> Sequence[str]:
    return (CARD_ENTITY,)


PUBLISH_REFRESH: Final = RefreshJob(spec=PUBLISH_SPEC, payload=_payload, entity=_entity, every=_the_card)
#: What a change needs to ask for the card's refresh (the kind itself is built with the bot's default zone).
CARD_TARGET: Final = RefreshTarget(name="horoscope", refresh=PUBLISH_REFRESH)
