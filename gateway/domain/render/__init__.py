"""Pure Components V2 renderers: state in, Discord message payload out, every text through the i18n layer."""

from __future__ import annotations

from gateway.domain.render._admin import feature_state_text as feature_state_text
from gateway.domain.render._admin import on_off as on_off
from gateway.domain.render._admin import render_doctor as render_doctor
from gateway.domain.render._admin import render_status as render_status
from gateway.domain.render._admin import report_messages as report_messages
from gateway.domain.render._admin import schedule_name as schedule_name
from gateway.domain.render._components import EPHEMERAL as EPHEMERAL
from gateway.domain.render._components import IS_COMPONENTS_V2 as IS_COMPONENTS_V2
from gateway.domain.render._components import MAX_COMPONENTS as MAX_COMPONENTS
from gateway.domain.render._components import MAX_TEXT_LENGTH as MAX_TEXT_LENGTH
from gateway.domain.render._components import ActionRow as ActionRow
from gateway.domain.render._components import Button as Button
from gateway.domain.render._components import ButtonStyle as ButtonStyle
from gateway.domain.render._components import ChannelSelect as ChannelSelect
from gateway.domain.render._components import Container as Container
from gateway.domain.render._components import DefaultValue as DefaultValue
from gateway.domain.render._components import Modal as Modal
from gateway.domain.render._components import ModalRow as ModalRow
from gateway.domain.render._components import RoleSelect as RoleSelect
from gateway.domain.render._components import SelectOption as SelectOption
from gateway.domain.render._components import Separator as Separator
from gateway.domain.render._components import StringSelect as StringSelect
from gateway.domain.render._components import TextDisplay as TextDisplay
from gateway.domain.render._components import TextInput as TextInput
from gateway.domain.render._components import V2Message as V2Message
from gateway.domain.render._components import clip as clip
from gateway.domain.render._components import count_components as count_components
from gateway.domain.render._components import text_length as text_length
from gateway.domain.render._components import validate_message as validate_message
from gateway.domain.render._date import filters_summary as filters_summary
from gateway.domain.render._date import render_date_ideas as render_date_ideas
from gateway.domain.render._date import render_date_picker as render_date_picker
from gateway.domain.render._duel import ANSWER_INPUT_ID as ANSWER_INPUT_ID
from gateway.domain.render._duel import RoundNoticeView as RoundNoticeView
from gateway.domain.render._duel import ScoreboardView as ScoreboardView
from gateway.domain.render._duel import render_answer_modal as render_answer_modal
from gateway.domain.render._duel import render_round_notice as render_round_notice
from gateway.domain.render._duel import render_scoreboard as render_scoreboard
from gateway.domain.render._errors import access_denied_text as access_denied_text
from gateway.domain.render._errors import feature_name as feature_name
from gateway.domain.render._errors import feature_unavailable_text as feature_unavailable_text
from gateway.domain.render._errors import permission_names as permission_names
from gateway.domain.render._errors import setting_name as setting_name
from gateway.domain.render._pair_home import PairHomeDuel as PairHomeDuel
from gateway.domain.render._pair_home import PairHomeView as PairHomeView
from gateway.domain.render._pair_home import render_pair_home as render_pair_home
from gateway.domain.render._repair import RepairView as RepairView
from gateway.domain.render._repair import render_repair_step as render_repair_step
from gateway.domain.render._say import SOURCE_INPUT_ID as SOURCE_INPUT_ID
from gateway.domain.render._say import SayView as SayView
from gateway.domain.render._say import render_say_modal as render_say_modal
from gateway.domain.render._say import render_say_result as render_say_result
from gateway.domain.render._say import render_say_room_message as render_say_room_message
from gateway.domain.render._setup import SetupPanelView as SetupPanelView
from gateway.domain.render._setup import render_setup_panel as render_setup_panel

__all__ = (
    "ANSWER_INPUT_ID",
    "EPHEMERAL",
    "IS_COMPONENTS_V2",
    "MAX_COMPONENTS",
    "MAX_TEXT_LENGTH",
    "SOURCE_INPUT_ID",
    "ActionRow",
    "Button",
    "ChannelSelect",
    "DefaultValue",
    "RoleSelect",
    "ButtonStyle",
    "Container",
    "Modal",
    "ModalRow",
    "PairHomeDuel",
    "PairHomeView",
    "RepairView",
    "RoundNoticeView",
    "SayView",
    "ScoreboardView",
    "SelectOption",
    "Separator",
    "StringSelect",
    "TextDisplay",
    "TextInput",
    "V2Message",
    "access_denied_text",
    "clip",
    "count_components",
    "feature_name",
    "feature_unavailable_text",
    "filters_summary",
    "permission_names",
    "render_answer_modal",
    "render_date_ideas",
    "render_date_picker",
    "render_pair_home",
    "render_repair_step",
    "render_round_notice",
    "render_say_modal",
    "render_say_result",
    "render_say_room_message",
    "render_scoreboard",
    "setting_name",
    "text_length",
    "validate_message",
    "render_doctor",
    "feature_state_text",
    "on_off",
    "schedule_name",
    "render_status",
    "report_messages",
    "SetupPanelView",
    "render_setup_panel",
)
