"""``public.post.publish``: publish the guild's queued public posts (the cron sweep, or one targeted post).

A post is claimed atomically, so several workers never send one twice at once. The ``public_post`` feature
gates publishing: while an admin has it off, claimed posts go back to pending with the reason noted (the next
sweep after it is switched on sends them). A permanent Discord refusal (channel deleted, permission missing)
marks the post failed with the reason; anything else puts it back and fails the job so the queue retries it.
"""

from __future__ import annotations

import logging
import uuid

from gateway._errors import Forbidden, GatewayError, NotFound
from gateway._host import FeatureHost
from gateway._reply import NO_MENTIONS
from gateway.domain import Feature, feature_flags
from gateway.i18n import default_translator
from store import JobContext, JobRegistry, PublicPostPublish
from store._guild_settings import GuildSettings, fetch_guild_settings
from store._public_posts import PublicPost, claim_posts, mark_failed, mark_sent, release_post

logger = logging.getLogger(__name__)

JOB_NAME = "public.post.publish"


def render_post(post: PublicPost, settings: GuildSettings) -> str | None:
    """The message text of a post in the guild's language, or ``None`` for a kind this version cannot render."""
    tr = default_translator()
    if post.kind == "setup_test":
        return tr.text(settings.locale, "setup.test_post.body")
    return None


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

    def register(registry: JobRegistry) -> None:
        registry.set_handler(JOB_NAME, publish)

    host.add_jobs(register)


async def _publish_one(host: FeatureHost, post: PublicPost, settings: GuildSettings) -> GatewayError | None:
    """Send one claimed post and record the outcome; return the error when the job should retry."""
    services = host.services
    text = render_post(post, settings)
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
