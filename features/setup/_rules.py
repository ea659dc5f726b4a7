"""The ``/setup`` wizard's rules (pure): which settings it edits, what a complete draft is, what Complete does.

A draft is a ``{setting key: value}`` map of the ``guild_settings`` columns below. Complete validates the draft
against the guild as Discord shows it (channels exist and have the right type, the role exists, the timezone
is known), then saves it, switches on every feature whose requirements it meets and those features' schedules.
Complete never switches anything off.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from features.kernel import (
    CATEGORY_CHANNEL_TYPE,
    CHANNEL_SETTINGS,
    POSTABLE_CHANNEL_TYPES,
    SETUP_REQUIRED_KEYS,
    CustomId,
    CustomIdError,
    Feature,
    GuildSnapshot,
    encode_custom_id,
    features_to_enable,
    int_token,
    missing_settings,
    schedules_of,
)

#: Channel settings the wizard offers, in panel order (the pair category first).
CHANNEL_FIELDS: tuple[str, ...] = ("pair_category_id", *CHANNEL_SETTINGS)
ROLE_FIELD = "moderator_role_id"
TIMEZONE_FIELD = "timezone"
#: Every setting the wizard edits.
DRAFT_FIELDS: tuple[str, ...] = (*CHANNEL_FIELDS, ROLE_FIELD, TIMEZONE_FIELD)

#: Time zones offered by the wizard's select (Discord selects hold at most 25 options).
TIMEZONES: tuple[str, ...] = (
    "Asia/Almaty",
    "Europe/Moscow",
    "Europe/Kaliningrad",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Vladivostok",
    "Asia/Tashkent",
    "Asia/Bishkek",
    "Asia/Tbilisi",
    "Asia/Yerevan",
    "Asia/Dubai",
    "Europe/Kyiv",
    "Europe/Minsk",
    "Europe/Istanbul",
    "Europe/Berlin",
    "Europe/London",
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
)


class DraftProblem(enum.StrEnum):
    """Why a draft value cannot be saved."""

    MISSING = "missing"
    CHANNEL_GONE = "channel_gone"
    NOT_CATEGORY = "not_category"
    NOT_TEXT = "not_text"
    ROLE_GONE = "role_gone"
    BAD_TIMEZONE = "bad_timezone"


class DraftIssue(msgspec.Struct, frozen=True, kw_only=True):
    """One problem with one setting of the draft."""

    key: str
    problem: DraftProblem


class CompletePlan(msgspec.Struct, frozen=True, kw_only=True):
    """What Complete writes: the settings, the features to switch on, the schedules to switch on."""

    changes: dict[str, str | None]
    enable_features: tuple[Feature, ...]
    enable_schedules: tuple[str, ...]


def draft_from_settings(settings: Mapping[str, object]) -> dict[str, str]:
    """The draft that shows the stored configuration (what Reset returns to)."""
    return {key: str(value) for key in DRAFT_FIELDS if (value := settings.get(key)) not in (None, "")}


def missing_required(draft: Mapping[str, str]) -> tuple[str, ...]:
    """Required settings the draft has not chosen yet, in display order."""
    return missing_settings(draft, SETUP_REQUIRED_KEYS)


def valid_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def validate_draft(
    draft: Mapping[str, str], snapshot: GuildSnapshot, role_ids: frozenset[str]
) -> tuple[DraftIssue, ...]:
    """Every problem that stops Complete: missing required settings, deleted or mistyped channels, a deleted
    role, an unknown timezone. Empty when the draft can be saved."""
    issues = [DraftIssue(key=key, problem=DraftProblem.MISSING) for key in missing_required(draft)]
    for key in CHANNEL_FIELDS:
        channel_id = draft.get(key)
        if not channel_id:
            continue
        channel = snapshot.channels.get(channel_id)
        if channel is None:
            issues.append(DraftIssue(key=key, problem=DraftProblem.CHANNEL_GONE))
        elif key == "pair_category_id" and channel.type != CATEGORY_CHANNEL_TYPE:
            issues.append(DraftIssue(key=key, problem=DraftProblem.NOT_CATEGORY))
        elif key != "pair_category_id" and channel.type not in POSTABLE_CHANNEL_TYPES:
            issues.append(DraftIssue(key=key, problem=DraftProblem.NOT_TEXT))
    role_id = draft.get(ROLE_FIELD)
    if role_id and role_id not in role_ids:
        issues.append(DraftIssue(key=ROLE_FIELD, problem=DraftProblem.ROLE_GONE))
    timezone = draft.get(TIMEZONE_FIELD)
    if timezone and not valid_timezone(timezone):
        issues.append(DraftIssue(key=TIMEZONE_FIELD, problem=DraftProblem.BAD_TIMEZONE))
    return tuple(issues)


def plan_complete(draft: Mapping[str, str]) -> CompletePlan:
    """What Complete writes for a valid draft: every wizard setting (cleared ones as ``None``), the features
    whose requirements the draft meets, and their schedules."""
    changes: dict[str, str | None] = {key: draft.get(key) or None for key in DRAFT_FIELDS}
    enable = features_to_enable(draft)
    return CompletePlan(changes=changes, enable_features=enable, enable_schedules=schedules_of(frozenset(enable)))


# -- the panel's custom ids: t1:setup:pick:<field>:<owner> and t1:setup:<complete|reset|test>:<owner> ----------

SETUP_FEATURE = "setup"

#: Short custom-id tokens of the draft fields (the column names would not fit comfortably in 100 characters).
FIELD_TOKENS: dict[str, str] = {
    "pair_category_id": "cat",
    "horoscope_channel_id": "horo",
    "raid_channel_id": "raid",
    "hall_channel_id": "hall",
    "public_post_channel_id": "post",
    "anon_inbox_channel_id": "anon",
    "duels_channel_id": "duel",
    ROLE_FIELD: "role",
    TIMEZONE_FIELD: "tz",
}
_FIELDS_BY_TOKEN = {token: field for field, token in FIELD_TOKENS.items()}


class SetupAction(enum.StrEnum):
    """What a control of the panel does."""

    PICK = "pick"
    COMPLETE = "complete"
    RESET = "reset"
    TEST = "test"


class SetupControl(msgspec.Struct, frozen=True, kw_only=True):
    """A decoded panel control: the action, the field a select edits, the panel owner's user id."""

    action: SetupAction
    owner_id: str
    field: str | None = None


def setup_pick_id(field: str, owner_id: str) -> str:
    """The custom id of the select editing ``field`` on ``owner_id``'s panel."""
    return encode_custom_id(SETUP_FEATURE, SetupAction.PICK.value, FIELD_TOKENS[field], int_token(int(owner_id)))


def setup_button_id(action: SetupAction, owner_id: str) -> str:
    """The custom id of a panel button (complete, reset, test)."""
    return encode_custom_id(SETUP_FEATURE, action.value, int_token(int(owner_id)))


def parse_setup_control(custom_id: CustomId) -> SetupControl:
    """Decode a panel control; raise :class:`CustomIdError` for anything the panel never emits."""
    if custom_id.feature != SETUP_FEATURE:
        raise CustomIdError(f"not a setup control: {custom_id.feature}")
    try:
        action = SetupAction(custom_id.action)
    except ValueError:
        raise CustomIdError(f"unknown setup action {custom_id.action!r}") from None
    if action is SetupAction.PICK:
        token = custom_id.choice_arg(0, _FIELDS_BY_TOKEN)
        return SetupControl(action=action, field=_FIELDS_BY_TOKEN[token], owner_id=str(custom_id.int_arg(1)))
    return SetupControl(action=action, owner_id=str(custom_id.int_arg(0)))
