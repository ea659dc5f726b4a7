"""Real feature handlers run against the recording responder: no Discord, no sockets, no database.

Each test builds the interaction a handler reads (``gateway.testing.interaction``) and the services it uses
(``features.kernel.testing.unit_services``), runs the handler the way ``bind`` registers it, and reads what it
answered: the kind of answer, the REST call it would be, its text or card, and whether it is ephemeral.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import interactions
import pytest

from features.admin._switches import config_get, config_set
from features.dates._content import Budget, Energy, TimeWindow
from features.dates._handlers import open_picker, pick
from features.dates._ideas import DateFilters
from features.dates._ids import DateAxis, date_select_id
from features.dates._render import render_date_picker
from features.duels._manage import start_duel
from features.kernel import Pair, PairHomePart, PairHomeSection, pair_home_id
from features.kernel._guild_settings import GuildSettings
from features.kernel._permissions import Permission
from features.kernel.testing import run_handler, unit_services
from features.pairs._create import create_pair, my_room
from features.pairs._home import pair_home_button
from gateway import NO_MENTIONS, CachedChannel, Interaction, Refusal, ResolvedChannel, ResolvedUser, Responder
from gateway.i18n import Locale, Translator, default_translator
from gateway.testing import RecordingResponder, interaction

pytestmark = pytest.mark.anyio

TR = default_translator()
GUILD, ROOM, CATEGORY, MOD_ROLE = "100", "300", "400", "500"
ALICE, BOB, CAROL, BOT = "11", "12", "13", "99"
EN_GUILD = GuildSettings(guild_id=GUILD, locale="en", moderator_role_id=MOD_ROLE, pair_category_id=CATEGORY)


def _refused_with(answered: RecordingResponder, text: str) -> None:
    """One answer: the refusal's text as the first answer, ephemeral, in one callback."""
    (answer,) = answered.answers
    assert (answer.kind, answer.call, answer.callback_type) == ("reply", "callback", 4)
    assert answer.ephemeral and answer.text == text


# -- guards ----------------------------------------------------------------------------------------------------


async def test_a_non_admin_is_refused_in_the_guilds_language_and_nothing_is_read_or_written() -> None:
    # Discord says Russian; the guild is configured in English. unit_services has no database: a handler that
    # touched it would fail the test.
    member = interaction(guild_id=GUILD, locale="ru", options={"name": "locale", "value": "ru"})
    answered = await run_handler(config_set, unit_services(EN_GUILD), member)
    _refused_with(answered, TR.text("en", "error.admin_required"))


async def test_an_admin_reads_the_language_in_one_callback() -> None:
    admin = interaction(guild_id=GUILD, author_permissions=int(Permission.ADMINISTRATOR), options={"name": "locale"})
    answered = await run_handler(config_get, unit_services(EN_GUILD), admin)
    language = TR.text("en", "locale.en")
    assert answered.texts() == [TR.text("en", "admin.reply.locale_current", language=language)]
    assert [(a.call, a.callback_type, a.ephemeral) for a in answered.answers] == [("callback", 4, True)]


async def test_a_guard_raises_the_refusal_the_envelope_answers() -> None:
    with pytest.raises(Refusal) as refused:
        await config_get(unit_services(EN_GUILD), interaction(guild_id=GUILD), RecordingResponder())
    assert (refused.value.key, refused.value.locale) == ("error.admin_required", "en")


async def test_a_dm_is_refused_in_the_members_language() -> None:
    answered = await run_handler(my_room, unit_services(), interaction(guild_id=None, locale="en-US"))
    _refused_with(answered, TR.text("en", "error.guild_only"))


async def test_a_failing_handler_gets_the_apology_in_the_guilds_language() -> None:
    async def broken(services: Any, interaction: Interaction, responder: Responder) -> None:
        await responder.defer()
        raise RuntimeError("internal detail")

    answered = await run_handler(broken, unit_services(EN_GUILD), interaction(guild_id=GUILD, locale="ru"))
    assert answered.kinds() == ["defer", "reply"]
    apology = answered.answers[1]
    assert (apology.call, apology.text) == ("edit_original", TR.text("en", "error.interaction_failed"))


# -- /date -------------------------------------------------------------------------------------------------------


async def test_date_opens_the_picker_as_one_ephemeral_card() -> None:
    answered = await run_handler(open_picker, unit_services(EN_GUILD), interaction(guild_id=GUILD))
    (card,) = answered.answers
    assert (card.kind, card.call, card.callback_type, card.ephemeral) == ("card", "callback", 4, True)
    expected = render_date_picker(DateFilters(), locale="en", tr=TR).to_payload()
    assert card.payload is not None and card.payload["components"] == expected["components"]


async def test_the_date_select_replaces_the_picker_in_place() -> None:
    start = DateFilters()
    select = interaction(guild_id=GUILD, custom_id=date_select_id(DateAxis.ENERGY, start), values=["low"])
    answered = await run_handler(pick, unit_services(EN_GUILD), select)
    (update,) = answered.answers
    assert (update.kind, update.call, update.callback_type) == ("update", "callback", 7)
    low = DateFilters(energy=Energy.LOW, budget=Budget.MODERATE, time=TimeWindow.EVENING)
    picker = render_date_picker(low, locale="en", tr=TR).to_payload()
    assert update.payload == {"allowed_mentions": NO_MENTIONS, **picker}


async def test_a_forged_date_value_is_an_unknown_action() -> None:
    forged = interaction(guild_id=GUILD, custom_id=date_select_id(DateAxis.ENERGY, DateFilters()), values=["max"])
    answered = await run_handler(pick, unit_services(EN_GUILD), forged)
    _refused_with(answered, TR.text("en", "error.unknown_action"))


# -- Pair Home ---------------------------------------------------------------------------------------------------


class _Rows:
    """A pool whose connection answers every ``fetchrow`` with one row (the pair), recording the queries."""

    def __init__(self, row: dict[str, Any] | None) -> None:
        self.row = row
        self.queries: list[str] = []

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[_Rows]:
        yield self

    async def fetchrow(self, query: str, *args: object) -> dict[str, Any] | None:
        self.queries.append(query)
        return self.row


def _pair_row(pair_id: uuid.UUID, *members: str) -> dict[str, Any]:
    return {
        "id": pair_id, "guild_id": GUILD, "user_low": members[0], "user_high": members[1],
        "private_channel_id": ROOM, "status": "active", "version": 3, "created_at": dt.datetime.now(dt.UTC),
    }


async def _load_info(conn: Any, pair: Pair) -> str:
    return f"state of {pair.id}"


def _render_info(state: str, pair: Pair, locale: Locale, tr: Translator) -> PairHomePart:
    return PairHomePart(line=state)


def _info(state: str, locale: Locale, tr: Translator) -> str:
    return f"{locale}: {state}"


INFO = PairHomeSection(name="probe", load=_load_info, render=_render_info, info_action="probe", info=_info)


async def test_a_pair_home_button_from_a_non_member_is_refused() -> None:
    pair_id = uuid.uuid4()
    pool = _Rows(_pair_row(pair_id, ALICE, BOB))
    press = interaction(guild_id=GUILD, author_id=CAROL, custom_id=pair_home_id("probe", pair_id))
    answered = await run_handler(pair_home_button([INFO]), unit_services(EN_GUILD, pool=pool), press)
    _refused_with(answered, TR.text("en", "error.not_pair_member"))


async def test_a_pair_home_button_answers_a_member_with_the_sections_info() -> None:
    pair_id = uuid.uuid4()
    pool = _Rows(_pair_row(pair_id, ALICE, BOB))
    press = interaction(guild_id=GUILD, author_id=BOB, custom_id=pair_home_id("probe", pair_id))
    answered = await run_handler(pair_home_button([INFO]), unit_services(EN_GUILD, pool=pool), press)
    assert answered.texts() == [f"en: state of {pair_id}"] and answered.answers[0].ephemeral


# -- /pair create and /duel start read typed options and the cached channels -------------------------------------


def _create(options: dict[str, ResolvedUser], channels: dict[str, CachedChannel]) -> Interaction:
    return interaction(
        guild_id=GUILD, author_role_ids={MOD_ROLE}, command="pair create", options=options, channels=channels,
        bot_user_id=BOT,
    )


async def test_pair_create_refuses_a_bot_or_someone_outside_the_server() -> None:
    alice = ResolvedUser(id=ALICE, display_name="Alice")
    services = unit_services(EN_GUILD)
    robot = _create({"member1": alice, "member2": ResolvedUser(id=BOT, display_name="bot", bot=True)}, {})
    _refused_with(await run_handler(create_pair, services, robot), TR.text("en", "pair.reply.bot_member"))
    stranger = ResolvedUser(id=CAROL, display_name="carol", member=False)
    outside = _create({"member1": alice, "member2": stranger}, {})
    refusal = TR.text("en", "pair.reply.not_member", user=f"<@{CAROL}>")
    _refused_with(await run_handler(create_pair, services, outside), refusal)


async def test_pair_create_names_what_the_bot_lacks_in_the_category_before_deferring() -> None:
    members = {
        "member1": ResolvedUser(id=ALICE, display_name="Alice"),
        "member2": ResolvedUser(id=BOB, display_name="Bob"),
    }
    granted = Permission.VIEW_CHANNEL | Permission.MANAGE_CHANNELS | Permission.SEND_MESSAGES
    category = CachedChannel(
        id=CATEGORY, type=int(interactions.ChannelType.GUILD_CATEGORY), bot_permissions=int(granted)
    )
    services = unit_services(EN_GUILD, pool=_Rows(None))  # no pair of these two yet
    answered = await run_handler(create_pair, services, _create(members, {CATEGORY: category}))
    (refusal,) = answered.answers  # refused before the deferral: one callback
    assert refusal.call == "callback" and refusal.text is not None
    assert TR.text("en", "permission.manage_roles") in refusal.text
    assert TR.text("en", "pair.where.category", channel=f"<#{CATEGORY}>") in refusal.text


async def test_duel_start_refuses_a_channel_that_is_not_text() -> None:
    voice = ResolvedChannel(id="600", type=int(interactions.ChannelType.GUILD_VOICE))
    start = interaction(guild_id=GUILD, author_role_ids={MOD_ROLE}, options={"public_channel": voice})
    answered = await run_handler(start_duel, unit_services(EN_GUILD), start)
    _refused_with(answered, TR.text("en", "duel.reply.channel_not_text"))
