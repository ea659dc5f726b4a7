"""Pure domain rules (no I/O): custom ids, time and hashing, permissions, feature map, duels, pairs, /say,
/repair, /date and their content. Renderers live in :mod:`gateway.domain.render`."""

from __future__ import annotations

from gateway.domain._content import CONTENT_DIR as CONTENT_DIR
from gateway.domain._content import default_content as default_content
from gateway.domain._content import load_content as load_content
from gateway.domain._content_model import Budget as Budget
from gateway.domain._content_model import Content as Content
from gateway.domain._content_model import DateIdeaTemplate as DateIdeaTemplate
from gateway.domain._content_model import DateIdeaText as DateIdeaText
from gateway.domain._content_model import Energy as Energy
from gateway.domain._content_model import RepairStep as RepairStep
from gateway.domain._content_model import RepairStepText as RepairStepText
from gateway.domain._content_model import SayContent as SayContent
from gateway.domain._content_model import SayTemplates as SayTemplates
from gateway.domain._content_model import SayTone as SayTone
from gateway.domain._content_model import TimeWindow as TimeWindow
from gateway.domain._custom_id import MAX_CUSTOM_ID_LENGTH as MAX_CUSTOM_ID_LENGTH
from gateway.domain._custom_id import CustomId as CustomId
from gateway.domain._custom_id import decode_custom_id as decode_custom_id
from gateway.domain._custom_id import encode_custom_id as encode_custom_id
from gateway.domain._custom_id import int_token as int_token
from gateway.domain._custom_id import parse_int_token as parse_int_token
from gateway.domain._custom_id import parse_uuid_token as parse_uuid_token
from gateway.domain._custom_id import uuid_token as uuid_token
from gateway.domain._date_ideas import DateFilters as DateFilters
from gateway.domain._date_ideas import matching_ideas as matching_ideas
from gateway.domain._date_ideas import pick_date_ideas as pick_date_ideas
from gateway.domain._doctor import DoctorInput as DoctorInput
from gateway.domain._doctor import Finding as Finding
from gateway.domain._doctor import FindingLevel as FindingLevel
from gateway.domain._doctor import diagnose as diagnose
from gateway.domain._doctor import overall_level as overall_level
from gateway.domain._duel import MAX_ANSWER_LENGTH as MAX_ANSWER_LENGTH
from gateway.domain._duel import MAX_ROUND_MINUTES as MAX_ROUND_MINUTES
from gateway.domain._duel import MIN_ANSWER_LENGTH as MIN_ANSWER_LENGTH
from gateway.domain._duel import MIN_ROUND_MINUTES as MIN_ROUND_MINUTES
from gateway.domain._duel import DuelStatus as DuelStatus
from gateway.domain._duel import RoundStatus as RoundStatus
from gateway.domain._duel import SubmissionOutcome as SubmissionOutcome
from gateway.domain._duel import answer_points as answer_points
from gateway.domain._duel import decide_submission as decide_submission
from gateway.domain._duel import ensure_round_open as ensure_round_open
from gateway.domain._duel import next_round_no as next_round_no
from gateway.domain._duel import normalize_answer as normalize_answer
from gateway.domain._duel import round_close_due as round_close_due
from gateway.domain._duel import round_ends_at as round_ends_at
from gateway.domain._duel import validate_answer as validate_answer
from gateway.domain._duel import validate_round_duration as validate_round_duration
from gateway.domain._errors import ContentError as ContentError
from gateway.domain._errors import CustomIdError as CustomIdError
from gateway.domain._errors import CustomIdTooLong as CustomIdTooLong
from gateway.domain._errors import InvalidAnswer as InvalidAnswer
from gateway.domain._errors import InvalidRoundDuration as InvalidRoundDuration
from gateway.domain._errors import InvalidSayText as InvalidSayText
from gateway.domain._errors import RenderLimitError as RenderLimitError
from gateway.domain._errors import RoundNotOpen as RoundNotOpen
from gateway.domain._features import DEFAULT_FEATURE_FLAGS as DEFAULT_FEATURE_FLAGS
from gateway.domain._features import FEATURE_REQUIREMENTS as FEATURE_REQUIREMENTS
from gateway.domain._features import SETUP_REQUIRED_KEYS as SETUP_REQUIRED_KEYS
from gateway.domain._features import Feature as Feature
from gateway.domain._features import FeatureState as FeatureState
from gateway.domain._features import FeatureStatus as FeatureStatus
from gateway.domain._features import FeatureUnavailable as FeatureUnavailable
from gateway.domain._features import evaluate_feature as evaluate_feature
from gateway.domain._features import evaluate_features as evaluate_features
from gateway.domain._features import feature_flags as feature_flags
from gateway.domain._features import features_to_enable as features_to_enable
from gateway.domain._features import missing_settings as missing_settings
from gateway.domain._features import require_feature as require_feature
from gateway.domain._guild_permissions import GUILD_PERMISSIONS as GUILD_PERMISSIONS
from gateway.domain._guild_permissions import ChannelInfo as ChannelInfo
from gateway.domain._guild_permissions import CheckProblem as CheckProblem
from gateway.domain._guild_permissions import GuildSnapshot as GuildSnapshot
from gateway.domain._guild_permissions import PermissionCheck as PermissionCheck
from gateway.domain._guild_permissions import PermissionOverwrite as PermissionOverwrite
from gateway.domain._guild_permissions import base_permissions as base_permissions
from gateway.domain._guild_permissions import channel_permissions as channel_permissions
from gateway.domain._guild_permissions import check_bot_permissions as check_bot_permissions
from gateway.domain._guild_permissions import snapshot_from_discord as snapshot_from_discord
from gateway.domain._hashing import h32 as h32
from gateway.domain._hashing import pick_index as pick_index
from gateway.domain._ids import SAY_MODAL_ID as SAY_MODAL_ID
from gateway.domain._ids import DateAxis as DateAxis
from gateway.domain._ids import DuelBoardAction as DuelBoardAction
from gateway.domain._ids import PairHomeAction as PairHomeAction
from gateway.domain._ids import RoundPairRef as RoundPairRef
from gateway.domain._ids import date_generate_id as date_generate_id
from gateway.domain._ids import date_save_id as date_save_id
from gateway.domain._ids import date_select_id as date_select_id
from gateway.domain._ids import duel_answer_id as duel_answer_id
from gateway.domain._ids import duel_board_id as duel_board_id
from gateway.domain._ids import duel_submit_modal_id as duel_submit_modal_id
from gateway.domain._ids import pair_home_id as pair_home_id
from gateway.domain._ids import parse_date_choice as parse_date_choice
from gateway.domain._ids import parse_date_filters as parse_date_filters
from gateway.domain._ids import parse_date_save_id as parse_date_save_id
from gateway.domain._ids import parse_duel_board_id as parse_duel_board_id
from gateway.domain._ids import parse_duel_id as parse_duel_id
from gateway.domain._ids import parse_pair_home_id as parse_pair_home_id
from gateway.domain._ids import parse_say_id as parse_say_id
from gateway.domain._ids import say_send_id as say_send_id
from gateway.domain._ids import say_tone_id as say_tone_id
from gateway.domain._pairs import InvalidPair as InvalidPair
from gateway.domain._pairs import PairMembers as PairMembers
from gateway.domain._pairs import pair_members as pair_members
from gateway.domain._pairs import pair_room_name as pair_room_name
from gateway.domain._permissions import CHANNEL_POST_PERMISSIONS as CHANNEL_POST_PERMISSIONS
from gateway.domain._permissions import PAIR_CATEGORY_PERMISSIONS as PAIR_CATEGORY_PERMISSIONS
from gateway.domain._permissions import PAIR_MEMBER_ALLOW as PAIR_MEMBER_ALLOW
from gateway.domain._permissions import Access as Access
from gateway.domain._permissions import Permission as Permission
from gateway.domain._permissions import check_admin as check_admin
from gateway.domain._permissions import check_admin_or_moderator as check_admin_or_moderator
from gateway.domain._permissions import format_permissions as format_permissions
from gateway.domain._permissions import has_all as has_all
from gateway.domain._permissions import is_admin as is_admin
from gateway.domain._permissions import missing_permissions as missing_permissions
from gateway.domain._permissions import parse_permissions as parse_permissions
from gateway.domain._repair import DEFAULT_STEP_SECONDS as DEFAULT_STEP_SECONDS
from gateway.domain._repair import STALE_AFTER_STEPS as STALE_AFTER_STEPS
from gateway.domain._repair import STALE_GRACE_SECONDS as STALE_GRACE_SECONDS
from gateway.domain._repair import STEP_COUNT as REPAIR_STEP_COUNT
from gateway.domain._repair import RepairEndReason as RepairEndReason
from gateway.domain._repair import RepairStatus as RepairStatus
from gateway.domain._repair import RepairTimeline as RepairTimeline
from gateway.domain._repair import TickAction as TickAction
from gateway.domain._repair import decide_tick as decide_tick
from gateway.domain._repair import status_after_step as status_after_step
from gateway.domain._say import SayVariants as SayVariants
from gateway.domain._say import build_say_variants as build_say_variants
from gateway.domain._say import normalize_source as normalize_source
from gateway.domain._schedules import SCHEDULE_OWNERS as SCHEDULE_OWNERS
from gateway.domain._schedules import schedule_may_fire as schedule_may_fire
from gateway.domain._schedules import schedules_of as schedules_of
from gateway.domain._scoreboard import ScoreboardPair as ScoreboardPair
from gateway.domain._scoreboard import ScoreboardRound as ScoreboardRound
from gateway.domain._scoreboard import ScoreboardRow as ScoreboardRow
from gateway.domain._scoreboard import ScoreboardSnapshot as ScoreboardSnapshot
from gateway.domain._scoreboard import ScoreboardSubmission as ScoreboardSubmission
from gateway.domain._scoreboard import build_scoreboard as build_scoreboard
from gateway.domain._setup import DRAFT_FIELDS as DRAFT_FIELDS
from gateway.domain._setup import TIMEZONES as TIMEZONES
from gateway.domain._setup import CompletePlan as CompletePlan
from gateway.domain._setup import DraftIssue as DraftIssue
from gateway.domain._setup import DraftProblem as DraftProblem
from gateway.domain._setup import SetupAction as SetupAction
from gateway.domain._setup import SetupControl as SetupControl
from gateway.domain._setup import draft_from_settings as draft_from_settings
from gateway.domain._setup import missing_required as missing_required
from gateway.domain._setup import parse_setup_control as parse_setup_control
from gateway.domain._setup import plan_complete as plan_complete
from gateway.domain._setup import setup_button_id as setup_button_id
from gateway.domain._setup import setup_pick_id as setup_pick_id
from gateway.domain._setup import validate_draft as validate_draft
from gateway.domain._time import DEFAULT_TIMEZONE as DEFAULT_TIMEZONE
from gateway.domain._time import TimestampStyle as TimestampStyle
from gateway.domain._time import day_key as day_key
from gateway.domain._time import discord_timestamp as discord_timestamp
from gateway.domain._time import is_valid_timezone as is_valid_timezone
from gateway.domain._time import local_date as local_date
from gateway.domain._time import unix_seconds as unix_seconds
from gateway.domain._time import week_bounds as week_bounds
from gateway.domain._time import week_key as week_key
from gateway.domain._time import week_start as week_start
from gateway.domain._time import weekend_date as weekend_date
from gateway.domain._time import zone as zone

__all__ = (
    "CHANNEL_POST_PERMISSIONS",
    "CONTENT_DIR",
    "DEFAULT_FEATURE_FLAGS",
    "DEFAULT_STEP_SECONDS",
    "DEFAULT_TIMEZONE",
    "FEATURE_REQUIREMENTS",
    "MAX_ANSWER_LENGTH",
    "MAX_CUSTOM_ID_LENGTH",
    "MAX_ROUND_MINUTES",
    "MIN_ANSWER_LENGTH",
    "MIN_ROUND_MINUTES",
    "PAIR_CATEGORY_PERMISSIONS",
    "PAIR_MEMBER_ALLOW",
    "SAY_MODAL_ID",
    "SETUP_REQUIRED_KEYS",
    "Access",
    "Budget",
    "Content",
    "ContentError",
    "CustomId",
    "CustomIdError",
    "CustomIdTooLong",
    "DateAxis",
    "DateFilters",
    "DateIdeaTemplate",
    "DateIdeaText",
    "DuelBoardAction",
    "DuelStatus",
    "Energy",
    "Feature",
    "FeatureState",
    "FeatureStatus",
    "FeatureUnavailable",
    "InvalidAnswer",
    "InvalidPair",
    "InvalidRoundDuration",
    "InvalidSayText",
    "PairHomeAction",
    "PairMembers",
    "Permission",
    "RenderLimitError",
    "REPAIR_STEP_COUNT",
    "STALE_AFTER_STEPS",
    "STALE_GRACE_SECONDS",
    "RepairEndReason",
    "RepairStatus",
    "RepairStep",
    "RepairStepText",
    "RepairTimeline",
    "RoundNotOpen",
    "RoundPairRef",
    "RoundStatus",
    "SayContent",
    "SayTemplates",
    "SayTone",
    "SayVariants",
    "ScoreboardPair",
    "ScoreboardRound",
    "ScoreboardRow",
    "ScoreboardSnapshot",
    "ScoreboardSubmission",
    "SubmissionOutcome",
    "TickAction",
    "TimeWindow",
    "TimestampStyle",
    "answer_points",
    "build_say_variants",
    "build_scoreboard",
    "check_admin",
    "check_admin_or_moderator",
    "date_generate_id",
    "date_save_id",
    "date_select_id",
    "day_key",
    "decide_submission",
    "decide_tick",
    "decode_custom_id",
    "default_content",
    "discord_timestamp",
    "duel_answer_id",
    "duel_board_id",
    "duel_submit_modal_id",
    "encode_custom_id",
    "ensure_round_open",
    "evaluate_feature",
    "evaluate_features",
    "feature_flags",
    "features_to_enable",
    "format_permissions",
    "h32",
    "has_all",
    "int_token",
    "is_admin",
    "is_valid_timezone",
    "load_content",
    "local_date",
    "matching_ideas",
    "missing_permissions",
    "missing_settings",
    "next_round_no",
    "normalize_answer",
    "normalize_source",
    "pair_home_id",
    "pair_members",
    "pair_room_name",
    "parse_date_choice",
    "parse_date_filters",
    "parse_date_save_id",
    "parse_duel_board_id",
    "parse_duel_id",
    "parse_int_token",
    "parse_pair_home_id",
    "parse_permissions",
    "parse_say_id",
    "parse_uuid_token",
    "pick_date_ideas",
    "pick_index",
    "require_feature",
    "round_close_due",
    "round_ends_at",
    "say_send_id",
    "say_tone_id",
    "status_after_step",
    "unix_seconds",
    "uuid_token",
    "validate_answer",
    "validate_round_duration",
    "week_bounds",
    "week_key",
    "week_start",
    "weekend_date",
    "zone",
    "DoctorInput",
    "Finding",
    "FindingLevel",
    "diagnose",
    "overall_level",
    "GUILD_PERMISSIONS",
    "ChannelInfo",
    "CheckProblem",
    "GuildSnapshot",
    "PermissionCheck",
    "PermissionOverwrite",
    "base_permissions",
    "channel_permissions",
    "check_bot_permissions",
    "snapshot_from_discord",
    "SCHEDULE_OWNERS",
    "schedule_may_fire",
    "schedules_of",
    "DRAFT_FIELDS",
    "TIMEZONES",
    "CompletePlan",
    "DraftIssue",
    "DraftProblem",
    "SetupAction",
    "SetupControl",
    "draft_from_settings",
    "missing_required",
    "parse_setup_control",
    "plan_complete",
    "setup_button_id",
    "setup_pick_id",
    "validate_draft",
)
