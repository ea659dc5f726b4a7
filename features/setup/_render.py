"""The ``/setup`` panel: a public Components V2 message the panel owner edits with selects and buttons (pure).

Three cards: what the setup is and where it stands (with a summary of the draft), the channel selects, and the
role and time zone selects with the Complete / Reset / Test post buttons. Complete stays disabled while a
required setting is missing. Selects show the draft's current choices as their defaults.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from features.kernel import (
    CATEGORY_CHANNEL_TYPE,
    ActionRow,
    Button,
    ButtonStyle,
    ChannelSelect,
    Container,
    DefaultValue,
    RoleSelect,
    SelectOption,
    StringSelect,
    TextDisplay,
    V2Message,
    clip,
    setting_name,
    validate_message,
)
from features.setup._rules import (
    CHANNEL_FIELDS,
    ROLE_FIELD,
    TIMEZONE_FIELD,
    TIMEZONES,
    SetupAction,
    missing_required,
    setup_button_id,
    setup_pick_id,
)
from gateway.i18n import Locale, Translator

ACCENT = 0x3D5A80
#: Channel types a posting channel may have: text and announcement.
POSTING_CHANNEL_TYPES = (0, 5)


class SetupPanelView(msgspec.Struct, frozen=True, kw_only=True):
    """What the panel shows: the owner's draft and whether it was just saved."""

    owner_id: str
    draft: Mapping[str, str]
    saved: bool = False
    default_timezone: str = "Asia/Almaty"


def _value_text(field: str, value: str | None, *, locale: Locale, tr: Translator) -> str:
    if not value:
        return f"*{tr.text(locale, 'admin.status.not_set')}*"
    if field == ROLE_FIELD:
        return f"<@&{value}>"
    if field == TIMEZONE_FIELD:
        return f"`{value}`"
    return f"<#{value}>"


def _status_line(view: SetupPanelView, *, locale: Locale, tr: Translator) -> str:
    missing = missing_required(view.draft)
    if view.saved and not missing:
        return f"✅ {tr.text(locale, 'setup.panel.status.saved')}"
    if missing:
        names = ", ".join(setting_name(key, locale=locale, tr=tr) for key in missing)
        count = tr.plural(locale, "setup.panel.status.missing", len(missing), count=len(missing))
        return f"⏳ {count}: {names}"
    return f"🟢 {tr.text(locale, 'setup.panel.status.ready')}"


def _channel_select(field: str, view: SetupPanelView, *, locale: Locale, tr: Translator) -> ActionRow:
    current = view.draft.get(field)
    types = (CATEGORY_CHANNEL_TYPE,) if field == "pair_category_id" else POSTING_CHANNEL_TYPES
    select = ChannelSelect(
        custom_id=setup_pick_id(field, view.owner_id),
        channel_types=types,
        placeholder=clip(setting_name(field, locale=locale, tr=tr).capitalize(), 150),
        min_values=0,
        max_values=1,
        default_values=(DefaultValue(id=current, type="channel"),) if current else (),
    )
    return ActionRow(components=(select,))


def render_setup_panel(view: SetupPanelView, *, locale: Locale, tr: Translator) -> V2Message:
    """Render the panel for ``view``; every control carries the owner's id."""
    summary = [
        f"- {setting_name(field, locale=locale, tr=tr).capitalize()}: "
        f"{_value_text(field, view.draft.get(field), locale=locale, tr=tr)}"
        for field in (*CHANNEL_FIELDS, ROLE_FIELD)
    ]
    timezone = view.draft.get(TIMEZONE_FIELD)
    tz_text = _value_text(TIMEZONE_FIELD, timezone or view.default_timezone, locale=locale, tr=tr)
    summary.append(f"- {setting_name(TIMEZONE_FIELD, locale=locale, tr=tr).capitalize()}: {tz_text}")
    intro = "\n".join(
        [
            f"## {tr.text(locale, 'setup.panel.title')}",
            tr.text(locale, "setup.panel.steps"),
            _status_line(view, locale=locale, tr=tr),
            *summary,
        ]
    )
    channels = Container(
        accent_color=ACCENT,
        components=(
            TextDisplay(content=f"### {tr.text(locale, 'setup.panel.channels')}"),
            *(_channel_select(field, view, locale=locale, tr=tr) for field in CHANNEL_FIELDS),
        ),
    )
    role = view.draft.get(ROLE_FIELD)
    role_select = RoleSelect(
        custom_id=setup_pick_id(ROLE_FIELD, view.owner_id),
        placeholder=clip(tr.text(locale, "setup.panel.role_placeholder"), 150),
        min_values=0,
        max_values=1,
        default_values=(DefaultValue(id=role, type="role"),) if role else (),
    )
    chosen_tz = timezone or view.default_timezone
    zones = TIMEZONES if chosen_tz in TIMEZONES else (*TIMEZONES[:24], chosen_tz)
    timezone_select = StringSelect(
        custom_id=setup_pick_id(TIMEZONE_FIELD, view.owner_id),
        placeholder=clip(tr.text(locale, "setup.panel.timezone_placeholder"), 150),
        options=tuple(SelectOption(label=zone, value=zone, default=zone == chosen_tz) for zone in zones),
    )
    buttons = ActionRow(
        components=(
            Button(
                style=ButtonStyle.SUCCESS,
                label=tr.text(locale, "setup.panel.button.complete"),
                custom_id=setup_button_id(SetupAction.COMPLETE, view.owner_id),
                disabled=bool(missing_required(view.draft)),
            ),
            Button(
                style=ButtonStyle.SECONDARY,
                label=tr.text(locale, "setup.panel.button.reset"),
                custom_id=setup_button_id(SetupAction.RESET, view.owner_id),
            ),
            Button(
                style=ButtonStyle.PRIMARY,
                label=tr.text(locale, "setup.panel.button.test"),
                custom_id=setup_button_id(SetupAction.TEST, view.owner_id),
            ),
        )
    )
    more = Container(
        accent_color=ACCENT,
        components=(
            TextDisplay(content=f"### {tr.text(locale, 'setup.panel.more')}"),
            ActionRow(components=(role_select,)),
            ActionRow(components=(timezone_select,)),
            buttons,
        ),
    )
    head = Container(accent_color=ACCENT, components=(TextDisplay(content=intro),))
    return validate_message(V2Message(components=(head, channels, more)))
