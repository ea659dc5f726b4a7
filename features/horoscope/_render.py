"""Horoscope surfaces, pure: the public weekly card, the reading picker, a reading as shown to a member, the
pair's sign prompt, and the "that week is over" answer with this week's button."""

from __future__ import annotations

import datetime as dt
from typing import Final

import msgspec

from features.horoscope._content import HoroscopeContent
from features.horoscope._ids import (
    CardAction,
    PickField,
    card_id,
    claim_id,
    my_sign_id,
    pick_id,
    share_id,
)
from features.horoscope._reading import week_label, week_theme
from features.horoscope._rules import Tone
from features.kernel import (
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    SelectOption,
    Separator,
    StringSelect,
    TextDisplay,
    V2Message,
    validate_message,
)
from gateway.i18n import Locale, Translator

ACCENT: Final = 0x4B3F8F
PAIR_ACCENT: Final = 0x8F3F6B


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _card_buttons(week: dt.date, locale: Locale, tr: Translator) -> ActionRow:
    return ActionRow(
        components=(
            Button(style=ButtonStyle.PRIMARY, label=tr.text(locale, "horoscope.button.read"),
                   custom_id=card_id(CardAction.READ, week)),
            Button(style=ButtonStyle.SUCCESS, label=tr.text(locale, "horoscope.button.pair"),
                   custom_id=card_id(CardAction.PAIR, week)),
            Button(style=ButtonStyle.SECONDARY, label=tr.text(locale, "horoscope.button.about"),
                   custom_id=card_id(CardAction.ABOUT, week)),
        )
    )


def render_card(
    guild_id: str, week: dt.date, content: HoroscopeContent, *, locale: Locale, tr: Translator
) -> V2Message:
    """The public card: the week, its theme and line, what the buttons give, and the buttons."""
    theme = content.theme(week_theme(guild_id, week, content)).words(locale)
    text = "\n".join(
        (
            f"## {tr.text(locale, 'horoscope.card.title')}",
            f"**{_capitalized(week_label(week, locale, tr))}** · "
            f"{tr.text(locale, 'horoscope.reading.theme', theme=theme.title)}",
            theme.sky,
        )
    )
    container = Container(
        accent_color=ACCENT,
        components=(
            TextDisplay(content=text),
            Separator(),
            TextDisplay(content=tr.text(locale, "horoscope.card.how")),
            TextDisplay(content=f"-# {tr.text(locale, 'horoscope.disclaimer')}"),
            _card_buttons(week, locale, tr),
        ),
    )
    return validate_message(V2Message(components=(container,)))


class PickerState(msgspec.Struct, frozen=True, kw_only=True):
    """The picker's current choices (``sign`` None until one is picked)."""

    week: dt.date
    sign: str | None
    tone: Tone
    situation: str

    def with_pick(self, field: PickField, value: str) -> PickerState:
        """The state with ``value`` chosen for ``field`` (validated by the caller)."""
        if field is PickField.SIGN:
            return msgspec.structs.replace(self, sign=value)
        if field is PickField.TONE:
            return msgspec.structs.replace(self, tone=Tone(value))
        return msgspec.structs.replace(self, situation=value)

    def pick_id(self, field: PickField) -> str:
        return pick_id(self.week, field, self.sign, self.tone, self.situation)


def _select(
    state: PickerState, field: PickField, options: tuple[SelectOption, ...], locale: Locale, tr: Translator
) -> ActionRow:
    select = StringSelect(
        custom_id=state.pick_id(field), options=options, placeholder=tr.text(locale, f"horoscope.select.{field}")
    )
    return ActionRow(components=(select,))


def render_picker(state: PickerState, content: HoroscopeContent, *, locale: Locale, tr: Translator) -> V2Message:
    """The ephemeral picker: sign, tone and situation selects (each carrying the current choices) and the
    "show my reading" button, pressable once a sign is chosen."""
    signs = tuple(
        SelectOption(label=f"{sign.symbol} {sign.words(locale).name}", value=sign.key, default=sign.key == state.sign)
        for sign in content.signs
    )
    tones = tuple(
        SelectOption(label=tr.text(locale, f"horoscope.tone.{tone.value}"), value=tone.value,
                     default=tone is state.tone)
        for tone in Tone
    )
    situations = tuple(
        SelectOption(label=situation.words(locale).label, value=situation.key,
                     default=situation.key == state.situation)
        for situation in content.situations
    )
    show = Button(
        style=ButtonStyle.PRIMARY,
        label=tr.text(locale, "horoscope.button.show"),
        custom_id=claim_id(state.week, state.sign or "-", state.tone, state.situation),
        disabled=state.sign is None,
    )
    intro = "\n".join(
        (
            f"### {tr.text(locale, 'horoscope.picker.title', week=week_label(state.week, locale, tr))}",
            tr.text(locale, "horoscope.picker.intro", button=tr.text(locale, "horoscope.button.show")),
        )
    )
    container = Container(
        accent_color=ACCENT,
        components=(
            TextDisplay(content=intro),
            _select(state, PickField.SIGN, signs, locale, tr),
            _select(state, PickField.TONE, tones, locale, tr),
            _select(state, PickField.SITUATION, situations, locale, tr),
            ActionRow(components=(show,)),
        ),
    )
    return validate_message(V2Message(components=(container,)))


def render_reading(text: str, note: str | None = None, *, share_week: dt.date | None = None,
                   locale: Locale, tr: Translator) -> V2Message:
    """A reading as a card; ``note`` above it ("you already have this week's reading"), and for a pair's
    reading the "post it in our room" button."""
    components: list[TextDisplay | Separator | ActionRow] = []
    if note is not None:
        components.extend((TextDisplay(content=note), Separator()))
    components.append(TextDisplay(content=text))
    if share_week is not None:
        share = Button(style=ButtonStyle.SECONDARY, label=tr.text(locale, "horoscope.button.share"),
                       custom_id=share_id(share_week))
        components.append(ActionRow(components=(share,)))
    accent = PAIR_ACCENT if share_week is not None else ACCENT
    return validate_message(V2Message(components=(Container(accent_color=accent, components=tuple(components)),)))


def render_pair_post(text: str, asked_by: str, *, locale: Locale, tr: Translator) -> V2Message:
    """The pair's reading as posted in the pair room."""
    heading = tr.text(locale, "horoscope.pair.posted_by", member=f"<@{asked_by}>")
    container = Container(
        accent_color=PAIR_ACCENT, components=(TextDisplay(content=heading), Separator(), TextDisplay(content=text))
    )
    return validate_message(V2Message(components=(container,)))


def render_sign_prompt(week: dt.date, content: HoroscopeContent, *, locale: Locale, tr: Translator) -> V2Message:
    """The pair reading needs the member's own sign first: one select that stores it."""
    options = tuple(
        SelectOption(label=f"{sign.symbol} {sign.words(locale).name}", value=sign.key) for sign in content.signs
    )
    select = StringSelect(
        custom_id=my_sign_id(week), options=options, placeholder=tr.text(locale, "horoscope.select.sign")
    )
    container = Container(
        accent_color=PAIR_ACCENT,
        components=(TextDisplay(content=tr.text(locale, "horoscope.pair.need_own_sign")),
                    ActionRow(components=(select,))),
    )
    return validate_message(V2Message(components=(container,)))


def render_week_over(current: dt.date, *, locale: Locale, tr: Translator) -> V2Message:
    """A button of a past week's card: that week is over; here is this week's reading."""
    text = tr.text(locale, "horoscope.reply.week_over", week=week_label(current, locale, tr))
    button = Button(style=ButtonStyle.PRIMARY, label=tr.text(locale, "horoscope.button.read_current"),
                    custom_id=card_id(CardAction.READ, current))
    container = Container(accent_color=ACCENT, components=(TextDisplay(content=text), ActionRow(components=(button,))))
    return validate_message(V2Message(components=(container,)))
