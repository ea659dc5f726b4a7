"""``public.post.publish``: publish the guild's queued public posts (the cron sweep, or one targeted post).

A post is claimed atomically, so several workers never send one twice at once. The ``public_post`` feature
gates publishing: while an admin has it off, claimed posts go back to pending with the reason noted (the next
sweep after it is switched on sends them). A permanent Discord refusal (channel deleted, permission missing)
marks the post failed with the reason; anything else puts it back and fails the job so the queue retries it.
"""

from __future__ import annotations

import logging
import uuid

from features.kernel import (
    PUBLISH,
    Feature,
    FeatureHost,
    GuildSettings,
    PublicPost,
    PublicPostPublish,
    claim_posts,
    feature_flags,
    fetch_guild_settings,
    mark_failed,
    mark_sent,
    release_post,
)
from gateway import NO_MENTIONS, Forbidden, GatewayError, NotFound
from store import JobContext

__all__ = ("install",)

logger = logging.getLogger(__name__)

def install(host: FeatureHost) -> None:
    """Register the ``public.post.publish`` job handler."""

    async def publish(payload: PublicPostPublish, ctx: JobContext) -> None:
        services = host.services
        post_id = None if payload.post_id is None else uuid.UUID(payload.post_id)
        async with services.pool.acquire() as conn:
            settings = await fetch_guild_settings(conn, payload.guild_id)
            posts = await claim_posts(conn, payload.guild_id, post_id)
        if not posts:
            return
        if not feature_flags(settings.features)[Feature.PUBLIC_POST]:
            async with services.pool.acquire() as conn:
                for post in posts:
                    await release_post(conn, post.id, "public_post is off")
            logger.info("public posts held back: the feature is off (%d)", len(posts))
            return
        retry: GatewayError | None = None
        for post in posts:
            retry = await _publish_one(host, post, settings) or retry
        if retry is not None:
            raise retry

    host.add_job(PUBLISH, publish)


async def _publish_one(host: FeatureHost, post: PublicPost, settings: GuildSettings) -> GatewayError | None:
    """Send one claimed post and record the outcome; return the error when the job should retry."""
    services = host.services
    render = host.post_kinds.get(post.kind)
    text = None if render is None else render(post, settings)
    if text is None:
        async with services.pool.acquire() as conn:
            await mark_failed(conn, post.id, f"unknown post kind {post.kind!r}")
        return None
    try:
        message = await services.rest.create_message(
            post.channel_id, {"content": text, "allowed_mentions": NO_MENTIONS}
        )
    except (Forbidden, NotFound) as exc:
        async with services.pool.acquire() as conn:
            await mark_failed(conn, post.id, f"{type(exc).__name__}: {exc}")
        logger.warning("public post refused by Discord: %s", type(exc).__name__)
        return None
    except GatewayError as exc:
        async with services.pool.acquire() as conn:
            await release_post(conn, post.id, f"{type(exc).__name__}: {exc}")
        return exc
    async with services.pool.acquire() as conn:
        await mark_sent(conn, post.id, str(message["id"]))
    return None
