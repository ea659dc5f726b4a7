"""The ``/setup`` panel's handlers: open it, edit the draft, Complete, Reset and Test post.

Only administrators may use it, and only the admin who opened the panel may edit its draft (another admin runs
``/setup start`` to take the draft over, which makes the old panel's controls refuse). Selects answer by
editing the panel in place (one interaction callback); Complete and Test post defer first because they read
the guild over REST.
"""

from __future__ import annotations

import logging
from typing import Any

from features.kernel import (
    Effect,
    EffectKind,
    EffectRefused,
    Feature,
    FeatureRefusal,
    FeatureStatus,
    GuildSettings,
    PermissionCheck,
    Services,
    check_bot_permissions,
    evaluate_feature,
    feature_flags,
    fetch_guild_snapshot,
    permission_names,
    post_message,
    produce_post,
    record_effect,
    require_admin,
    require_custom_id,
    set_guild_features,
    set_schedule_switches,
    setting_name,
    settings_values,
    update_guild_settings,
)
from features.setup._render import SetupPanelView, render_setup_panel
from features.setup._rules import (
    TIMEZONE_FIELD,
    TIMEZONES,
    SetupAction,
    SetupControl,
    draft_from_settings,
    parse_setup_control,
    plan_complete,
    valid_timezone,
    validate_draft,
)
from features.setup._store import (
    SetupDraft,
    complete_draft,
    fetch_draft,
    open_draft,
    place_panel,
    replace_draft,
    set_draft_value,
)
from gateway import Forbidden, Interaction, NotFound, Refusal, Responder
from gateway.i18n import Locale, default_translator
from store import Connection

logger = logging.getLogger(__name__)

#: The kind of the wizard's test post in the public posts queue.
TEST_POST_KIND = "setup_test"


def render_test_post(post: Effect, settings: GuildSettings) -> str:
    """The test post's text, in the guild's language when it is sent."""
    return default_translator().text(settings.locale, "setup.test_post.body")


def _panel(draft: SetupDraft, settings: GuildSettings, services: Services) -> dict[str, Any]:
    view = SetupPanelView(
        owner_id=draft.owner_id,
        draft=draft.values,
        saved=draft.completed,
        default_timezone=services.default_timezone,
    )
    return render_setup_panel(view, locale=settings.locale, tr=default_translator()).to_payload()


async def start(services: Services, interaction: Interaction, responder: Responder) -> None:
    """``/setup start``: post the panel in this channel (the caller's draft, or a fresh one).

    The panel is an effect recorded with the draft: posted right after the commit, by the effects job if this
    process dies first, and placed on the draft once it is in the channel.
    """
    settings = await require_admin(interaction, services)
    await responder.defer()
    guild_id, channel_id = settings.guild_id, interaction.channel_id
    async with services.pool.acquire() as conn, conn.transaction():
        await open_draft(conn, guild_id, interaction.author_id, draft_from_settings(settings_values(settings)))
        recorded = await record_effect(
            conn, guild_id=guild_id, kind=PANEL_EFFECT, channel_id=channel_id, payload={},
            key=f"setup-panel:{guild_id}:{interaction.id}", backstop_after=services.effects.lease_seconds,
        )
    effect = await services.effects.perform(services, recorded.effect.id)
    if effect.status == "failed":
        # The bot may not write here (or cannot see the channel): say so; other failures are not expected.
        raise Refusal("setup.error.cannot_post", locale=settings.locale, channel=f"<#{channel_id}>")
    tr = default_translator()
    if effect.published_message_id is None:
        await responder.reply(tr.text(settings.locale, "effect.reply.pending"))
        return
    link = f"https://discord.com/channels/{guild_id}/{channel_id}/{effect.published_message_id}"
    await responder.reply(tr.text(settings.locale, "setup.reply.panel_posted", link=link))


async def _post_panel(services: Services, effect: Effect, settings: GuildSettings) -> dict[str, Any]:
    """Post the guild's draft as it is now (an admin may have taken it over since it was recorded)."""
    async with services.pool.acquire() as conn:
        draft = await fetch_draft(conn, effect.guild_id)
    if draft is None:
        raise EffectRefused("the setup draft is gone")
    return await post_message(services, effect, effect.channel_id, _panel(draft, settings, services))


async def _place_panel(conn: Connection, effect: Effect, result: dict[str, Any]) -> None:
    await place_panel(conn, effect.guild_id, effect.channel_id, str(result["message_id"]))


#: The panel posted by ``/setup start``.
PANEL_EFFECT = "setup_panel"
PANEL = EffectKind(name=PANEL_EFFECT, perform=_post_panel, finish=_place_panel)


async def _owned_draft(
    interaction: Interaction, services: Services, control: SetupControl, settings: GuildSettings
) -> SetupDraft:
    """The draft this control edits; refuses a stale panel and anyone but its owner."""
    async with services.pool.acquire() as conn:
        draft = await fetch_draft(conn, settings.guild_id)
    if draft is None or draft.owner_id != control.owner_id:
        raise Refusal("setup.error.panel_outdated", locale=settings.locale)
    if interaction.author_id != draft.owner_id:
        raise Refusal("setup.error.not_owner", locale=settings.locale, owner=f"<@{draft.owner_id}>")
    return draft


def _picked(interaction: Interaction) -> str | None:
    """The select's chosen value (an id or a zone name), or ``None`` when the choice was cleared."""
    return interaction.values[0] if interaction.values else None


async def control(services: Services, interaction: Interaction, responder: Responder) -> None:
    """Every control of the panel (custom ids ``t1:setup:…``)."""
    settings = await require_admin(interaction, services)
    # A panel posted by an earlier version of the bot may carry ids this one cannot read.
    parsed = require_custom_id(interaction, parse_setup_control, locale=settings.locale)
    draft = await _owned_draft(interaction, services, parsed, settings)
    if parsed.action is SetupAction.PICK:
        await _pick(interaction, responder, services, settings, draft, parsed)
    elif parsed.action is SetupAction.RESET:
        await _reset(responder, services, settings, draft)
    elif parsed.action is SetupAction.COMPLETE:
        await _complete(responder, services, settings, draft)
    else:
        await _test_post(interaction, responder, services, settings, draft)


async def _pick(
    interaction: Interaction,
    responder: Responder,
    services: Services,
    settings: GuildSettings,
    draft: SetupDraft,
    control: SetupControl,
) -> None:
    assert control.field is not None
    value = _picked(interaction)
    if control.field == TIMEZONE_FIELD and value is not None and (value not in TIMEZONES or not valid_timezone(value)):
        raise Refusal("setup.error.bad_timezone", locale=settings.locale)
    async with services.pool.acquire() as conn:
        updated = await set_draft_value(conn, draft.guild_id, draft.owner_id, control.field, value)
    if updated is None:
        raise Refusal("setup.error.panel_outdated", locale=settings.locale)
    await responder.update(_panel(updated, settings, services))


async def _reset(responder: Responder, services: Services, settings: GuildSettings, draft: SetupDraft) -> None:
    async with services.pool.acquire() as conn:
        stored = draft_from_settings(settings_values(settings))
        updated = await replace_draft(conn, draft.guild_id, draft.owner_id, stored)
    if updated is None:
        raise Refusal("setup.error.panel_outdated", locale=settings.locale)
    await responder.update(_panel(updated, settings, services))


def _issue_line(key: str, problem: str, *, locale: Locale) -> str:
    tr = default_translator()
    return "- " + tr.text(locale, f"setup.error.issue.{problem}", setting=setting_name(key, locale=locale, tr=tr))


async def _complete(responder: Responder, services: Services, settings: GuildSettings, draft: SetupDraft) -> None:
    await responder.defer_update()
    guild_id = draft.guild_id
    snapshot = await fetch_guild_snapshot(services, guild_id)
    if snapshot is None:
        raise Refusal("setup.error.discord_unavailable", locale=settings.locale)
    issues = validate_draft(draft.values, snapshot, frozenset(snapshot.role_permissions))
    if issues:
        lines = [_issue_line(issue.key, issue.problem.value, locale=settings.locale) for issue in issues]
        raise Refusal("setup.error.cannot_complete", locale=settings.locale, issues="\n".join(lines))
    plan = plan_complete(draft.values)
    async with services.pool.acquire() as conn, conn.transaction():
        # First, under the draft's row lock: another admin may have taken the draft over, or its owner changed
        # it, while the guild was being read; then what was validated is not what the panel holds, and the
        # refusal rolls this transaction back before anything is saved.
        completed = await complete_draft(conn, guild_id, draft.owner_id, draft.values)
        if completed is None:
            raise Refusal("setup.error.panel_outdated", locale=settings.locale)
        await update_guild_settings(conn, guild_id, plan.changes)
        stored = await set_guild_features(conn, guild_id, {feature.value: True for feature in plan.enable_features})
        await set_schedule_switches(conn, guild_id, plan.enable_schedules, True)
    services.guilds.invalidate(guild_id)
    logger.info("setup completed; features switched on: %s", ", ".join(f.value for f in plan.enable_features))
    if completed.channel_id and completed.message_id:
        panel = _panel(completed, stored, services)
        try:
            await services.rest.edit_message(completed.channel_id, completed.message_id, panel)
        except (Forbidden, NotFound):
            # The settings are saved; only the panel to show it on is gone (deleted, or its channel closed).
            logger.info("setup panel not updated after Complete: the message is gone or closed to the bot")
    await responder.reply(default_translator().text(stored.locale, "setup.reply.completed"))


async def _test_post(
    interaction: Interaction, responder: Responder, services: Services, settings: GuildSettings, draft: SetupDraft
) -> None:
    locale = settings.locale
    channel_id = draft.values.get("public_post_channel_id")
    if not channel_id:
        raise Refusal("setup.error.test_needs_channel", locale=locale)
    flags = feature_flags(settings.features)
    state = evaluate_feature(Feature.PUBLIC_POST, flags, {"public_post_channel_id": channel_id})
    if state.status is FeatureStatus.DISABLED:
        raise FeatureRefusal(state, locale=locale)
    await responder.defer()
    snapshot = await fetch_guild_snapshot(services, draft.guild_id)
    if snapshot is None:
        raise Refusal("setup.error.discord_unavailable", locale=locale)
    checks = check_bot_permissions(snapshot, {"public_post_channel_id": channel_id})
    failed: list[PermissionCheck] = [check for check in checks if check.where != "guild" and not check.ok]
    if failed:
        check = failed[0]
        tr = default_translator()
        if check.missing:
            missing = permission_names(check.missing, locale=locale, tr=tr)
            raise Refusal("setup.error.test_permissions", locale=locale, channel=f"<#{channel_id}>", missing=missing)
        raise Refusal("setup.error.test_channel_unusable", locale=locale, channel=f"<#{channel_id}>")
    async with services.pool.acquire() as conn, conn.transaction():
        produced = await produce_post(
            conn,
            guild_id=draft.guild_id,
            kind=TEST_POST_KIND,
            channel_id=channel_id,
            payload={"requested_by": interaction.author_id},
            key=f"setup-test:{draft.guild_id}:{channel_id}",
        )
    key = "setup.reply.test_queued" if produced.queued else "setup.reply.test_already"
    await responder.reply(default_translator().text(locale, key, channel=f"<#{channel_id}>"))
