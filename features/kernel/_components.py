"""Components V2 message structures (Discord's JSON shapes as frozen msgspec structs) and their limits.

A renderer builds a :class:`V2Message`; :func:`validate_message` checks it against Discord's limits (40
components, 4000 characters of text, ≤ 5 buttons or one select per row, unique custom ids ≤ 100 characters,
labels ≤ 80) so an oversized card fails in a unit test instead of as a 400 from Discord.
"""

from __future__ import annotations

import enum
from typing import Any

import msgspec

from features.kernel._custom_id import MAX_CUSTOM_ID_LENGTH
from features.kernel._errors import RenderLimitError

IS_COMPONENTS_V2 = 1 << 15
EPHEMERAL = 1 << 6
MAX_COMPONENTS = 40
MAX_TEXT_LENGTH = 4000
MAX_BUTTONS_PER_ROW = 5
MAX_SELECT_OPTIONS = 25
MAX_LABEL_LENGTH = 80
MAX_PLACEHOLDER_LENGTH = 150
#: A modal's title and its text inputs' labels hold 45 characters; an input's placeholder 100.
MAX_MODAL_TITLE_LENGTH = 45
MAX_INPUT_LABEL_LENGTH = 45
MAX_INPUT_PLACEHOLDER_LENGTH = 100


def _plain(value: msgspec.Struct) -> dict[str, Any]:
    # A JSON round trip yields exactly what goes on the wire: lists (not tuples), ints for enums.
    result: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(value))
    return result


class ButtonStyle(enum.IntEnum):
    """Discord button styles."""

    PRIMARY = 1
    SECONDARY = 2
    SUCCESS = 3
    DANGER = 4


class TextInputStyle(enum.IntEnum):
    """Discord text input styles."""

    SHORT = 1
    PARAGRAPH = 2


class TextDisplay(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=10):
    """Markdown text."""

    content: str


class Separator(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=14):
    """A divider line between blocks (``spacing`` 1 small, 2 large)."""

    divider: bool = True
    spacing: int = 1


class Button(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=2, omit_defaults=True):
    """An interactive button."""

    style: ButtonStyle
    label: str
    custom_id: str
    disabled: bool = False


class SelectOption(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One option of a string select."""

    label: str
    value: str
    description: str | None = None
    default: bool = False


class StringSelect(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=3, omit_defaults=True):
    """A string select menu (alone in its action row)."""

    custom_id: str
    options: tuple[SelectOption, ...]
    placeholder: str | None = None
    min_values: int = 1
    max_values: int = 1


class DefaultValue(msgspec.Struct, frozen=True, kw_only=True):
    """A pre-selected entry of an auto-populated select: ``type`` is ``"channel"``, ``"role"`` or ``"user"``."""

    id: str
    type: str


class ChannelSelect(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=8, omit_defaults=True):
    """A select of the guild's channels (Discord fills the options), limited to ``channel_types``."""

    custom_id: str
    channel_types: tuple[int, ...] = ()
    placeholder: str | None = None
    min_values: int = 1
    max_values: int = 1
    default_values: tuple[DefaultValue, ...] = ()


class RoleSelect(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=6, omit_defaults=True):
    """A select of the guild's roles (Discord fills the options)."""

    custom_id: str
    placeholder: str | None = None
    min_values: int = 1
    max_values: int = 1
    default_values: tuple[DefaultValue, ...] = ()


Select = StringSelect | ChannelSelect | RoleSelect


class ActionRow(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=1):
    """Up to five buttons, or a single select."""

    components: tuple[Button, ...] | tuple[Select]


ContainerChild = TextDisplay | Separator | ActionRow


class Container(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=17, omit_defaults=True):
    """A card: a box with an accent colour around text, separators and action rows."""

    components: tuple[ContainerChild, ...]
    accent_color: int | None = None


TopLevel = Container | TextDisplay | Separator | ActionRow


class V2Message(msgspec.Struct, frozen=True, kw_only=True):
    """A Components V2 message body (create, edit or interaction response data)."""

    components: tuple[TopLevel, ...]

    def to_payload(self, *, ephemeral: bool = False) -> dict[str, Any]:
        """The JSON body: ``components`` plus ``flags`` (IS_COMPONENTS_V2, and EPHEMERAL when asked).

        Mentions render as names; the caller should send ``allowed_mentions: {"parse": []}`` so a projection
        edit never pings anyone.
        """
        flags = IS_COMPONENTS_V2 | (EPHEMERAL if ephemeral else 0)
        payload = _plain(self)
        payload["flags"] = flags
        return payload


class TextInput(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=4, omit_defaults=True):
    """A modal text input (its style is always sent: Discord requires it)."""

    custom_id: str
    label: str
    style: TextInputStyle
    min_length: int | None = None
    max_length: int | None = None
    required: bool = True
    placeholder: str | None = None


class ModalRow(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=1):
    """A modal's action row holding one text input."""

    components: tuple[TextInput]


class Modal(msgspec.Struct, frozen=True, kw_only=True):
    """A modal (interaction response type 9 data)."""

    custom_id: str
    title: str
    components: tuple[ModalRow, ...]
    #: Markdown shown above the inputs (what the member is answering: a question longer than a label holds).
    intro: str | None = None

    def to_payload(self) -> dict[str, Any]:
        """The JSON ``data`` of a type-9 interaction response (the intro as a text display before the inputs)."""
        payload = _plain(self)
        intro = payload.pop("intro", None)
        if intro:
            payload["components"] = [_plain(TextDisplay(content=intro)), *payload["components"]]
        return payload


def clip(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters, marking a cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def paragraph_modal(
    *,
    custom_id: str,
    title: str,
    input_id: str,
    label: str,
    placeholder: str,
    max_length: int,
    min_length: int | None = None,
    intro: str | None = None,
) -> Modal:
    """A modal asking for one paragraph (a question, an answer, a message), its title, label and placeholder
    clipped to Discord's limits so a long translation never makes Discord refuse the modal."""
    field = TextInput(
        custom_id=input_id,
        style=TextInputStyle.PARAGRAPH,
        label=clip(label, MAX_INPUT_LABEL_LENGTH),
        min_length=min_length,
        max_length=max_length,
        placeholder=clip(placeholder, MAX_INPUT_PLACEHOLDER_LENGTH),
    )
    return Modal(
        custom_id=custom_id,
        title=clip(title, MAX_MODAL_TITLE_LENGTH),
        intro=intro,
        components=(ModalRow(components=(field,)),),
    )


def split_content(text: str, limit: int) -> list[str]:
    """Cut ``text`` into messages of at most ``limit`` characters, between lines, so a long report arrives
    whole in several messages instead of losing its end; only a single line longer than a message is clipped."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        line = clip(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            parts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        parts.append(current)
    return parts


def _walk(components: tuple[Any, ...]) -> list[Any]:
    found: list[Any] = []
    for component in components:
        found.append(component)
        if isinstance(component, Container | ActionRow):
            found.extend(_walk(component.components))
    return found


def count_components(message: V2Message) -> int:
    """Count every component, nested ones included (Discord's 40-component limit counts them all)."""
    return len(_walk(message.components))


def text_length(message: V2Message) -> int:
    """Sum of the characters of every TextDisplay (Discord's 4000-character limit)."""
    return sum(len(c.content) for c in _walk(message.components) if isinstance(c, TextDisplay))


def validate_message(message: V2Message) -> V2Message:
    """Return ``message`` if it respects Discord's Components V2 limits; raise :class:`RenderLimitError` if not."""
    components = _walk(message.components)
    if len(components) > MAX_COMPONENTS:
        raise RenderLimitError(f"{len(components)} components, more than {MAX_COMPONENTS}")
    total = text_length(message)
    if total > MAX_TEXT_LENGTH:
        raise RenderLimitError(f"{total} characters of text, more than {MAX_TEXT_LENGTH}")
    custom_ids: list[str] = []
    for component in components:
        if isinstance(component, ActionRow):
            selects = [c for c in component.components if isinstance(c, StringSelect | ChannelSelect | RoleSelect)]
            if len(component.components) > MAX_BUTTONS_PER_ROW or (selects and len(component.components) != 1):
                raise RenderLimitError("an action row holds up to five buttons or one select")
            if not component.components:
                raise RenderLimitError("an action row cannot be empty")
        if isinstance(component, Button):
            if not 1 <= len(component.label) <= MAX_LABEL_LENGTH:
                raise RenderLimitError(f"button label length {len(component.label)} outside 1..{MAX_LABEL_LENGTH}")
            custom_ids.append(component.custom_id)
        if isinstance(component, StringSelect):
            if not 1 <= len(component.options) <= MAX_SELECT_OPTIONS:
                raise RenderLimitError(f"select with {len(component.options)} options")
            if any(len(o.label) > MAX_LABEL_LENGTH for o in component.options):
                raise RenderLimitError("select option label too long")
            custom_ids.append(component.custom_id)
        if isinstance(component, ChannelSelect | RoleSelect):
            custom_ids.append(component.custom_id)
    for custom_id in custom_ids:
        if len(custom_id) > MAX_CUSTOM_ID_LENGTH:
            raise RenderLimitError(f"custom id of {len(custom_id)} characters")
    if len(set(custom_ids)) != len(custom_ids):
        raise RenderLimitError("custom ids must be unique within a message")
    return message
