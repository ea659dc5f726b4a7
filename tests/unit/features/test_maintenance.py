"""Maintenance mode as a member meets it: every bound handler answers "back soon" and does nothing, except
``/admin`` for administrators; a message from the operator is quoted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from features.kernel import maintenance_refusal
from features.kernel._guild_settings import GuildSettings
from features.kernel._permissions import Permission
from features.kernel.testing import run_handler, unit_services
from gateway import Interaction, Responder
from gateway.i18n import Locale, default_translator
from gateway.testing import interaction
from store import MAINTENANCE_OFF, MaintenanceState

pytestmark = pytest.mark.anyio

TR = default_translator()
GUILD = "100"
ON = MaintenanceState(active=True, since=datetime(2026, 4, 4, 6, 30, tzinfo=UTC), changed_by="ops@host")


class Switch:
    """A maintenance source the test flips."""

    def __init__(self, state: MaintenanceState) -> None:
        self.state = state


class Handler:
    """A handler that records that it ran and answers "done"."""

    def __init__(self) -> None:
        self.ran = 0

    async def __call__(self, services: object, interaction: Interaction, responder: Responder) -> None:
        self.ran += 1
        await responder.reply("done")


@pytest.mark.parametrize("locale", ["ru", "en"])
async def test_a_member_gets_back_soon_in_the_guilds_language_and_the_handler_does_not_run(locale: Locale) -> None:
    handler = Handler()
    services = unit_services(GuildSettings(guild_id=GUILD, locale=locale), maintenance=Switch(ON))
    answered = await run_handler(handler, services, interaction(guild_id=GUILD, locale="ru"))
    assert handler.ran == 0
    (answer,) = answered.answers
    assert answer.ephemeral and answer.text == TR.text(locale, "maintenance.back_soon")


async def test_the_operators_message_is_quoted_and_taken_as_text() -> None:
    note = "Back at 18:00 {with braces}"
    switch = Switch(MaintenanceState(active=True, message=note, since=ON.since))
    handler = Handler()
    answered = await run_handler(handler, unit_services(maintenance=switch), interaction(guild_id=GUILD))
    (text,) = answered.texts()
    assert text == TR.text("ru", "maintenance.back_soon_message", message=note) and text.endswith(note)
    assert handler.ran == 0


async def test_admins_keep_only_what_is_bound_for_them_and_members_never() -> None:
    switch = Switch(ON)
    admin = interaction(guild_id=GUILD, author_permissions=int(Permission.ADMINISTRATOR | Permission.SEND_MESSAGES))
    moderator = interaction(guild_id=GUILD, author_permissions=int(Permission.MANAGE_GUILD | Permission.MANAGE_ROLES))
    kept, other = Handler(), Handler()
    services = unit_services(maintenance=switch)
    assert (await run_handler(kept, services, admin, admins_in_maintenance=True)).texts() == ["done"]
    held = await run_handler(other, services, admin)
    assert held.texts() == [TR.text("ru", "maintenance.back_soon")] and other.ran == 0
    refused = await run_handler(kept, services, moderator, admins_in_maintenance=True)
    assert refused.texts() == [TR.text("ru", "maintenance.back_soon")] and kept.ran == 1


async def test_once_off_every_handler_runs_again() -> None:
    switch = Switch(ON)
    handler = Handler()
    services = unit_services(maintenance=switch)
    await run_handler(handler, services, interaction(guild_id=GUILD))
    switch.state = MaintenanceState(active=False, since=ON.since, ended_at=datetime(2026, 4, 4, 7, tzinfo=UTC))
    assert (await run_handler(handler, services, interaction(guild_id=GUILD))).texts() == ["done"]
    assert handler.ran == 1
    assert maintenance_refusal(Switch(MAINTENANCE_OFF), interaction()) is None
