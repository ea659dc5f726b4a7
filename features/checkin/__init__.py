"""Weekly check-ins: in its pair room a pair picks the week's agreement and scores its week on five questions,
once per guild-local week; it may share the agreement in the public channel; on Wednesdays the guild is
reminded; every Pair Home panel shows the week's check-in (features.md §7, issue 14)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from features.checkin._agreements import check_agreement_content
from features.checkin._checkin import pick, start, start_button, submit
from features.checkin._nudge import NUDGE, NUDGE_KIND, CheckinNudge, nudge, render_nudge
from features.checkin._pair_home import CHECKIN_SECTION
from features.checkin._share import SHARED_KIND, render_shared, share
from features.kernel import FeatureHost, bind, component, fetch_guild_settings, modal, subcommand
from gateway.i18n import register_catalog
from store import JobContext

register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)

logger = logging.getLogger(__name__)


def install(host: FeatureHost) -> None:
    """Declare ``/checkin start``, its select, modal and buttons, the reminder job, the two post kinds and the
    Pair Home section."""

    async def weekly_nudge(payload: CheckinNudge, ctx: JobContext) -> None:
        services = host.services
        async with services.pool.acquire() as conn, conn.transaction():
            settings = await fetch_guild_settings(conn, payload.guild_id)
            queued = await nudge(conn, settings, dt.datetime.now(dt.UTC), services.default_timezone)
        logger.info("check-in nudge", extra={"queued": queued})

    host.add_command(subcommand("checkin", "start", bind(host, start, feature="checkin", action="start")))
    on_button = bind(host, start_button, feature="checkin", action="start.button")
    host.add_command(component("checkin_start", on_button, prefix="t1:checkin:start:"))
    host.add_command(
        component("checkin_pick", bind(host, pick, feature="checkin", action="pick"), prefix="t1:checkin:pick:")
    )
    host.add_command(
        modal("checkin_scores", bind(host, submit, feature="checkin", action="submit"), prefix="t1:checkin:scores:")
    )
    host.add_command(
        component("checkin_share", bind(host, share, feature="checkin", action="share"), prefix="t1:checkin:share:")
    )
    host.add_control_hint("t1:checkin:", "checkin.hint.outdated")
    host.add_job(NUDGE, weekly_nudge)
    host.add_post_kind(SHARED_KIND, render_shared)
    host.add_post_kind(NUDGE_KIND, render_nudge)
    host.add_pair_home_section(CHECKIN_SECTION)
    host.add_content_check(check_agreement_content)
