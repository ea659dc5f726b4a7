"""The shared kernel of the feature slices: what several features use and none owns.

The feature host and its services, interaction guards, slash-command declarations and callbacks, custom ids,
time and week keys, hashing, permissions, the feature map and guild configuration, pair rooms and Pair Home
sections (with the panel's refresh target), scheduled public posts, Components V2 building blocks and content
helpers. A feature imports only this package (and the runtime packages), never another feature. Importing it
registers the kernel's texts with the translator (``_texts.py``)."""

from __future__ import annotations

from features.kernel._access import FeatureRefusal as FeatureRefusal
from features.kernel._access import has_role as has_role
from features.kernel._access import member_permissions as member_permissions
from features.kernel._access import require_admin as require_admin
from features.kernel._access import require_admin_or_moderator as require_admin_or_moderator
from features.kernel._access import require_channel as require_channel
from features.kernel._access import require_custom_id as require_custom_id
from features.kernel._access import require_feature as require_feature
from features.kernel._access import require_guild as require_guild
from features.kernel._access import require_guild_locale as require_guild_locale
from features.kernel._access import settings_values as settings_values
from features.kernel._callbacks import ServiceHandler as ServiceHandler
from features.kernel._callbacks import bind as bind
from features.kernel._callbacks import component as component
from features.kernel._callbacks import modal as modal
from features.kernel._commands import choice as choice
from features.kernel._commands import command as command
from features.kernel._commands import command_payloads as command_payloads
from features.kernel._commands import description_of as description_of
from features.kernel._commands import localised as localised
from features.kernel._commands import name_of as name_of
from features.kernel._commands import option as option
from features.kernel._commands import string_option as string_option
from features.kernel._commands import subcommand as subcommand
from features.kernel._components import EPHEMERAL as EPHEMERAL
from features.kernel._components import IS_COMPONENTS_V2 as IS_COMPONENTS_V2
from features.kernel._components import MAX_BUTTONS_PER_ROW as MAX_BUTTONS_PER_ROW
from features.kernel._components import MAX_COMPONENTS as MAX_COMPONENTS
from features.kernel._components import MAX_INPUT_LABEL_LENGTH as MAX_INPUT_LABEL_LENGTH
from features.kernel._components import MAX_INPUT_PLACEHOLDER_LENGTH as MAX_INPUT_PLACEHOLDER_LENGTH
from features.kernel._components import MAX_LABEL_LENGTH as MAX_LABEL_LENGTH
from features.kernel._components import MAX_MODAL_TITLE_LENGTH as MAX_MODAL_TITLE_LENGTH
from features.kernel._components import MAX_PLACEHOLDER_LENGTH as MAX_PLACEHOLDER_LENGTH
from features.kernel._components import MAX_SELECT_OPTIONS as MAX_SELECT_OPTIONS
from features.kernel._components import MAX_TEXT_LENGTH as MAX_TEXT_LENGTH
from features.kernel._components import ActionRow as ActionRow
from features.kernel._components import Button as Button
from features.kernel._components import ButtonStyle as ButtonStyle
from features.kernel._components import ChannelSelect as ChannelSelect
from features.kernel._components import Container as Container
from features.kernel._components import ContainerChild as ContainerChild
from features.kernel._components import DefaultValue as DefaultValue
from features.kernel._components import Modal as Modal
from features.kernel._components import ModalRow as ModalRow
from features.kernel._components import RoleSelect as RoleSelect
from features.kernel._components import Select as Select
from features.kernel._components import SelectOption as SelectOption
from features.kernel._components import Separator as Separator
from features.kernel._components import StringSelect as StringSelect
from features.kernel._components import TextDisplay as TextDisplay
from features.kernel._components import TextInput as TextInput
from features.kernel._components import TextInputStyle as TextInputStyle
from features.kernel._components import TopLevel as TopLevel
from features.kernel._components import V2Message as V2Message
from features.kernel._components import clip as clip
from features.kernel._components import count_components as count_components
from features.kernel._components import paragraph_modal as paragraph_modal
from features.kernel._components import split_content as split_content
from features.kernel._components import text_length as text_length
from features.kernel._components import validate_message as validate_message
from features.kernel._content import LINE_LIMIT as LINE_LIMIT
from features.kernel._content import TITLE_LIMIT as TITLE_LIMIT
from features.kernel._content import Bilingual as Bilingual
from features.kernel._content import check_content_text as check_content_text
from features.kernel._content import check_id_keys as check_id_keys
from features.kernel._content import check_unique_keys as check_unique_keys
from features.kernel._content import decode_content as decode_content
from features.kernel._custom_id import MAX_ARGS as MAX_ARGS
from features.kernel._custom_id import MAX_CUSTOM_ID_LENGTH as MAX_CUSTOM_ID_LENGTH
from features.kernel._custom_id import PREFIX as PREFIX
from features.kernel._custom_id import SEPARATOR as SEPARATOR
from features.kernel._custom_id import CustomId as CustomId
from features.kernel._custom_id import date_token as date_token
from features.kernel._custom_id import decode_custom_id as decode_custom_id
from features.kernel._custom_id import encode_custom_id as encode_custom_id
from features.kernel._custom_id import expect_custom_id as expect_custom_id
from features.kernel._custom_id import int_token as int_token
from features.kernel._custom_id import parse_date_token as parse_date_token
from features.kernel._custom_id import parse_int_token as parse_int_token
from features.kernel._custom_id import parse_uuid_token as parse_uuid_token
from features.kernel._custom_id import uuid_token as uuid_token
from features.kernel._effect_runner import EffectCall as EffectCall
from features.kernel._effect_runner import EffectFinish as EffectFinish
from features.kernel._effect_runner import EffectGaveUp as EffectGaveUp
from features.kernel._effect_runner import EffectKind as EffectKind
from features.kernel._effect_runner import EffectRefused as EffectRefused
from features.kernel._effect_runner import EffectRunner as EffectRunner
from features.kernel._effect_runner import post_message as post_message
from features.kernel._effects import DEFAULT_MAX_ATTEMPTS as DEFAULT_MAX_ATTEMPTS
from features.kernel._effects import PUBLISH as PUBLISH
from features.kernel._effects import SWEEP_LIMIT as SWEEP_LIMIT
from features.kernel._effects import Effect as Effect
from features.kernel._effects import PublicPostPublish as PublicPostPublish
from features.kernel._effects import Recorded as Recorded
from features.kernel._effects import claim_effects as claim_effects
from features.kernel._effects import enqueue_effect_jobs as enqueue_effect_jobs
from features.kernel._effects import fetch_effect as fetch_effect
from features.kernel._effects import mark_effect_failed as mark_effect_failed
from features.kernel._effects import mark_effect_sent as mark_effect_sent
from features.kernel._effects import record_effect as record_effect
from features.kernel._effects import release_effects as release_effects
from features.kernel._errors import ContentError as ContentError
from features.kernel._errors import CustomIdError as CustomIdError
from features.kernel._errors import CustomIdTooLong as CustomIdTooLong
from features.kernel._errors import RenderLimitError as RenderLimitError
from features.kernel._features import DEFAULT_FEATURE_FLAGS as DEFAULT_FEATURE_FLAGS
from features.kernel._features import FEATURE_REQUIREMENTS as FEATURE_REQUIREMENTS
from features.kernel._features import SETUP_REQUIRED_KEYS as SETUP_REQUIRED_KEYS
from features.kernel._features import Feature as Feature
from features.kernel._features import FeatureState as FeatureState
from features.kernel._features import FeatureStatus as FeatureStatus
from features.kernel._features import FeatureUnavailable as FeatureUnavailable
from features.kernel._features import evaluate_feature as evaluate_feature
from features.kernel._features import evaluate_features as evaluate_features
from features.kernel._features import feature_flags as feature_flags
from features.kernel._features import features_to_enable as features_to_enable
from features.kernel._features import missing_settings as missing_settings
from features.kernel._features import ready_feature_state as ready_feature_state
from features.kernel._guild_cache import GuildSettingsCache as GuildSettingsCache
from features.kernel._guild_permissions import ALL_PERMISSIONS as ALL_PERMISSIONS
from features.kernel._guild_permissions import CATEGORY_CHANNEL_TYPE as CATEGORY_CHANNEL_TYPE
from features.kernel._guild_permissions import CHANNEL_SETTINGS as CHANNEL_SETTINGS
from features.kernel._guild_permissions import GUILD_PERMISSIONS as GUILD_PERMISSIONS
from features.kernel._guild_permissions import POSTABLE_CHANNEL_TYPES as POSTABLE_CHANNEL_TYPES
from features.kernel._guild_permissions import ChannelInfo as ChannelInfo
from features.kernel._guild_permissions import CheckProblem as CheckProblem
from features.kernel._guild_permissions import GuildSnapshot as GuildSnapshot
from features.kernel._guild_permissions import PermissionCheck as PermissionCheck
from features.kernel._guild_permissions import PermissionOverwrite as PermissionOverwrite
from features.kernel._guild_permissions import base_permissions as base_permissions
from features.kernel._guild_permissions import channel_permissions as channel_permissions
from features.kernel._guild_permissions import check_bot_permissions as check_bot_permissions
from features.kernel._guild_permissions import snapshot_from_discord as snapshot_from_discord
from features.kernel._guild_projections import guild_projection_keys as guild_projection_keys
from features.kernel._guild_settings import NOTIFY_CHANNEL as NOTIFY_CHANNEL
from features.kernel._guild_settings import SETTABLE_COLUMNS as SETTABLE_COLUMNS
from features.kernel._guild_settings import GuildSettings as GuildSettings
from features.kernel._guild_settings import Locale as Locale
from features.kernel._guild_settings import UnknownSetting as UnknownSetting
from features.kernel._guild_settings import fetch_guild_settings as fetch_guild_settings
from features.kernel._guild_settings import set_guild_features as set_guild_features
from features.kernel._guild_settings import update_guild_settings as update_guild_settings
from features.kernel._guild_snapshot import fetch_guild_snapshot as fetch_guild_snapshot
from features.kernel._hall_opt_ins import HallCategory as HallCategory
from features.kernel._hall_opt_ins import member_opt_ins as member_opt_ins
from features.kernel._hall_opt_ins import opt_in_version as opt_in_version
from features.kernel._hall_opt_ins import pairs_opted_in as pairs_opted_in
from features.kernel._hall_opt_ins import set_opt_ins as set_opt_ins
from features.kernel._hashing import h32 as h32
from features.kernel._hashing import pick_index as pick_index
from features.kernel._host import ContentCheck as ContentCheck
from features.kernel._host import FeatureHost as FeatureHost
from features.kernel._host import GuildSettingsSource as GuildSettingsSource
from features.kernel._host import ProjectionCatalog as ProjectionCatalog
from features.kernel._host import Services as Services
from features.kernel._host import configured_locale as configured_locale
from features.kernel._job_fields import job_fields as job_fields
from features.kernel._maintenance import NEVER_IN_MAINTENANCE as NEVER_IN_MAINTENANCE
from features.kernel._maintenance import MaintenanceSource as MaintenanceSource
from features.kernel._maintenance import maintenance_refusal as maintenance_refusal
from features.kernel._member_pair import member_pair as member_pair
from features.kernel._member_pair import rooms_text as rooms_text
from features.kernel._pair_home import PAIR_HOME_ID as PAIR_HOME_ID
from features.kernel._pair_home import PairCreated as PairCreated
from features.kernel._pair_home import PairHomePart as PairHomePart
from features.kernel._pair_home import PairHomeSection as PairHomeSection
from features.kernel._pair_home import pair_home_id as pair_home_id
from features.kernel._pair_home import parse_pair_home_id as parse_pair_home_id
from features.kernel._pairs import Pair as Pair
from features.kernel._pairs import active_pairs as active_pairs
from features.kernel._pairs import bump_guild_pair_versions as bump_guild_pair_versions
from features.kernel._pairs import bump_pair_version as bump_pair_version
from features.kernel._pairs import fetch_pair as fetch_pair
from features.kernel._pairs import insert_pair as insert_pair
from features.kernel._pairs import lock_pair_creation as lock_pair_creation
from features.kernel._pairs import move_pair_room as move_pair_room
from features.kernel._pairs import ordered_members as ordered_members
from features.kernel._pairs import pair_for_room as pair_for_room
from features.kernel._pairs import pair_of_members as pair_of_members
from features.kernel._pairs import pairs_of_member as pairs_of_member
from features.kernel._permissions import CHANNEL_POST_PERMISSIONS as CHANNEL_POST_PERMISSIONS
from features.kernel._permissions import PAIR_CATEGORY_PERMISSIONS as PAIR_CATEGORY_PERMISSIONS
from features.kernel._permissions import PAIR_MEMBER_ALLOW as PAIR_MEMBER_ALLOW
from features.kernel._permissions import Access as Access
from features.kernel._permissions import Permission as Permission
from features.kernel._permissions import check_admin as check_admin
from features.kernel._permissions import check_admin_or_moderator as check_admin_or_moderator
from features.kernel._permissions import format_permissions as format_permissions
from features.kernel._permissions import has_all as has_all
from features.kernel._permissions import is_admin as is_admin
from features.kernel._permissions import missing_permissions as missing_permissions
from features.kernel._permissions import parse_permissions as parse_permissions
from features.kernel._post_admin import LISTABLE_STATUSES as LISTABLE_STATUSES
from features.kernel._post_admin import PostNotRequeueable as PostNotRequeueable
from features.kernel._post_admin import PostRow as PostRow
from features.kernel._post_admin import Requeued as Requeued
from features.kernel._post_admin import list_posts as list_posts
from features.kernel._post_admin import post_counts as post_counts
from features.kernel._post_admin import requeue_posts as requeue_posts
from features.kernel._post_admin import undone_effects as undone_effects
from features.kernel._projection_jobs import PAIR_HOME as PAIR_HOME
from features.kernel._projection_jobs import PAIR_HOME_REFRESH as PAIR_HOME_REFRESH
from features.kernel._projection_jobs import PairHomeRefresh as PairHomeRefresh
from features.kernel._public_posts import PostRenderer as PostRenderer
from features.kernel._public_posts import post_kind as post_kind
from features.kernel._public_posts import produce_post as produce_post
from features.kernel._render_errors import access_denied_text as access_denied_text
from features.kernel._render_errors import feature_name as feature_name
from features.kernel._render_errors import feature_unavailable_text as feature_unavailable_text
from features.kernel._render_errors import permission_names as permission_names
from features.kernel._render_errors import setting_name as setting_name
from features.kernel._retry import PUBLISH_RETRY as PUBLISH_RETRY
from features.kernel._retry import REFRESH_RETRY as REFRESH_RETRY
from features.kernel._retry import WEEKLY_RETRY as WEEKLY_RETRY
from features.kernel._schedule_gate import feature_schedule_gate as feature_schedule_gate
from features.kernel._schedule_settings import fetch_schedule_switches as fetch_schedule_switches
from features.kernel._schedule_settings import set_schedule_switches as set_schedule_switches
from features.kernel._schedules import SCHEDULE_OWNERS as SCHEDULE_OWNERS
from features.kernel._schedules import schedule_may_fire as schedule_may_fire
from features.kernel._schedules import schedules_of as schedules_of
from features.kernel._texts import KERNEL_TEXTS_DIR as KERNEL_TEXTS_DIR
from features.kernel._time import DEFAULT_TIMEZONE as DEFAULT_TIMEZONE
from features.kernel._time import UTC as UTC
from features.kernel._time import TimestampStyle as TimestampStyle
from features.kernel._time import day_key as day_key
from features.kernel._time import discord_timestamp as discord_timestamp
from features.kernel._time import is_valid_timezone as is_valid_timezone
from features.kernel._time import local_date as local_date
from features.kernel._time import month_bounds as month_bounds
from features.kernel._time import month_day_keys as month_day_keys
from features.kernel._time import month_key as month_key
from features.kernel._time import parse_month_key as parse_month_key
from features.kernel._time import previous_month_key as previous_month_key
from features.kernel._time import unix_seconds as unix_seconds
from features.kernel._time import week_bounds as week_bounds
from features.kernel._time import week_key as week_key
from features.kernel._time import week_start as week_start
from features.kernel._time import weekend_date as weekend_date
from features.kernel._time import zone as zone

__all__ = (
    "ALL_PERMISSIONS",
    "Access",
    "ActionRow",
    "Bilingual",
    "Button",
    "ButtonStyle",
    "CATEGORY_CHANNEL_TYPE",
    "CHANNEL_POST_PERMISSIONS",
    "CHANNEL_SETTINGS",
    "ChannelInfo",
    "ChannelSelect",
    "CheckProblem",
    "Container",
    "ContainerChild",
    "ContentCheck",
    "ContentError",
    "CustomId",
    "CustomIdError",
    "CustomIdTooLong",
    "DEFAULT_FEATURE_FLAGS",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_TIMEZONE",
    "DefaultValue",
    "EPHEMERAL",
    "Effect",
    "EffectCall",
    "EffectFinish",
    "EffectGaveUp",
    "EffectKind",
    "EffectRefused",
    "EffectRunner",
    "FEATURE_REQUIREMENTS",
    "Feature",
    "FeatureHost",
    "FeatureRefusal",
    "FeatureState",
    "FeatureStatus",
    "FeatureUnavailable",
    "GUILD_PERMISSIONS",
    "GuildSettings",
    "GuildSettingsCache",
    "GuildSettingsSource",
    "GuildSnapshot",
    "HallCategory",
    "IS_COMPONENTS_V2",
    "KERNEL_TEXTS_DIR",
    "LINE_LIMIT",
    "LISTABLE_STATUSES",
    "Locale",
    "MAX_ARGS",
    "MAX_BUTTONS_PER_ROW",
    "MAX_COMPONENTS",
    "MAX_CUSTOM_ID_LENGTH",
    "MAX_INPUT_LABEL_LENGTH",
    "MAX_INPUT_PLACEHOLDER_LENGTH",
    "MAX_LABEL_LENGTH",
    "MAX_MODAL_TITLE_LENGTH",
    "MAX_PLACEHOLDER_LENGTH",
    "MAX_SELECT_OPTIONS",
    "MAX_TEXT_LENGTH",
    "MaintenanceSource",
    "Modal",
    "ModalRow",
    "NEVER_IN_MAINTENANCE",
    "NOTIFY_CHANNEL",
    "PAIR_CATEGORY_PERMISSIONS",
    "PAIR_HOME",
    "PAIR_HOME_ID",
    "PAIR_HOME_REFRESH",
    "PAIR_MEMBER_ALLOW",
    "POSTABLE_CHANNEL_TYPES",
    "PREFIX",
    "PUBLISH",
    "PUBLISH_RETRY",
    "Pair",
    "PairCreated",
    "PairHomePart",
    "PairHomeRefresh",
    "PairHomeSection",
    "Permission",
    "PermissionCheck",
    "PermissionOverwrite",
    "PostNotRequeueable",
    "PostRenderer",
    "PostRow",
    "ProjectionCatalog",
    "PublicPostPublish",
    "REFRESH_RETRY",
    "Recorded",
    "RenderLimitError",
    "Requeued",
    "RoleSelect",
    "SCHEDULE_OWNERS",
    "SEPARATOR",
    "SETTABLE_COLUMNS",
    "SETUP_REQUIRED_KEYS",
    "SWEEP_LIMIT",
    "Select",
    "SelectOption",
    "Separator",
    "ServiceHandler",
    "Services",
    "StringSelect",
    "TITLE_LIMIT",
    "TextDisplay",
    "TextInput",
    "TextInputStyle",
    "TimestampStyle",
    "TopLevel",
    "UTC",
    "UnknownSetting",
    "V2Message",
    "WEEKLY_RETRY",
    "access_denied_text",
    "active_pairs",
    "base_permissions",
    "bind",
    "bump_guild_pair_versions",
    "bump_pair_version",
    "channel_permissions",
    "check_admin",
    "check_admin_or_moderator",
    "check_bot_permissions",
    "check_content_text",
    "check_id_keys",
    "check_unique_keys",
    "choice",
    "claim_effects",
    "clip",
    "command",
    "command_payloads",
    "component",
    "configured_locale",
    "count_components",
    "paragraph_modal",
    "date_token",
    "day_key",
    "decode_content",
    "decode_custom_id",
    "description_of",
    "discord_timestamp",
    "encode_custom_id",
    "enqueue_effect_jobs",
    "evaluate_feature",
    "evaluate_features",
    "expect_custom_id",
    "feature_flags",
    "feature_name",
    "feature_schedule_gate",
    "feature_unavailable_text",
    "features_to_enable",
    "fetch_effect",
    "fetch_guild_settings",
    "fetch_guild_snapshot",
    "fetch_pair",
    "fetch_schedule_switches",
    "format_permissions",
    "guild_projection_keys",
    "h32",
    "has_all",
    "has_role",
    "insert_pair",
    "int_token",
    "is_admin",
    "is_valid_timezone",
    "job_fields",
    "list_posts",
    "local_date",
    "localised",
    "lock_pair_creation",
    "maintenance_refusal",
    "mark_effect_failed",
    "mark_effect_sent",
    "member_opt_ins",
    "member_pair",
    "member_permissions",
    "missing_permissions",
    "missing_settings",
    "modal",
    "month_bounds",
    "month_day_keys",
    "month_key",
    "move_pair_room",
    "name_of",
    "opt_in_version",
    "option",
    "ordered_members",
    "pair_for_room",
    "pair_home_id",
    "pair_of_members",
    "pairs_of_member",
    "pairs_opted_in",
    "parse_date_token",
    "parse_int_token",
    "parse_month_key",
    "parse_pair_home_id",
    "parse_permissions",
    "parse_uuid_token",
    "permission_names",
    "pick_index",
    "post_counts",
    "post_kind",
    "post_message",
    "previous_month_key",
    "produce_post",
    "ready_feature_state",
    "record_effect",
    "release_effects",
    "requeue_posts",
    "require_admin",
    "require_admin_or_moderator",
    "require_channel",
    "require_custom_id",
    "require_feature",
    "require_guild",
    "require_guild_locale",
    "rooms_text",
    "schedule_may_fire",
    "schedules_of",
    "set_guild_features",
    "set_opt_ins",
    "set_schedule_switches",
    "setting_name",
    "settings_values",
    "snapshot_from_discord",
    "split_content",
    "string_option",
    "subcommand",
    "text_length",
    "undone_effects",
    "unix_seconds",
    "update_guild_settings",
    "uuid_token",
    "validate_message",
    "week_bounds",
    "week_key",
    "week_start",
    "weekend_date",
    "zone",
)
