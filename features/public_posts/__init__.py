"""``public.post.publish``: perform the guild's recorded effects (the cron sweep, or one effect at once).

Every external effect a feature records (``record_effect``: a public post, a pair room, a notice in a room)
leaves through this job: enqueued with the intent, it performs that effect, and the sweep every two minutes
performs anything still due. The job is done only when every effect it claimed is settled (sent, failed for
good or dead); a transient failure fails the job so the queue retries it with backoff. Run again after its
worker died, the job takes its own claims back at once (see ``features.kernel._effects``).
"""

from __future__ import annotations

import uuid

from features.kernel import PUBLISH, FeatureHost, PublicPostPublish
from store import JobContext

__all__ = ("install",)


def install(host: FeatureHost) -> None:
    """Register the ``public.post.publish`` job handler."""

    async def publish(payload: PublicPostPublish, ctx: JobContext) -> None:
        services = host.services
        effect_id = None if payload.post_id is None else uuid.UUID(payload.post_id)
        retry = await services.effects.sweep(services, payload.guild_id, owner=f"job:{ctx.job_id}", effect_id=effect_id)
        if retry is not None:
            raise retry

    host.add_job(PUBLISH, publish)
