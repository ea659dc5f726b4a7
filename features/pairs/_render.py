"""The Pair Home panel: one card in each pair room with the pair and one line per feature section (§2.4)."""

from __future__ import annotations

import datetime as dt
import uuid

import msgspec

from features.kernel import (
    ActionRow,
    Button,
    Container,
    PairHomePart,
    Separator,
    TextDisplay,
    V2Message,
    discord_timestamp,
    validate_message,
)
from gateway.i18n import Locale, Translator

ACCENT = 0x4F8A3F


class PairHomeView(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the panel shows: the pair, then each installed section's part, in install order."""

    pair_id: uuid.UUID
    user1_id: str
    user2_id: str
    updated_at: dt.datetime
    parts: tuple[PairHomePart, ...] = ()


def render_pair_home(view: PairHomeView, *, locale: Locale, tr: Translator) -> V2Message:
    """Render the Pair Home card with the sections' lines and buttons."""
    lines = [
        f"## {tr.text(locale, 'pair_home.title')}",
        tr.text(locale, "pair_home.members", user1=f"<@{view.user1_id}>", user2=f"<@{view.user2_id}>"),
    ]
    children: list[TextDisplay | Separator | ActionRow] = [TextDisplay(content="\n".join(lines))]
    if view.parts:
        children.append(TextDisplay(content="\n".join(part.line for part in view.parts)))
    children += [
        Separator(),
        TextDisplay(content=f"-# {tr.text(locale, 'common.updated', when=discord_timestamp(view.updated_at))}"),
    ]
    buttons: tuple[Button, ...] = tuple(part.button for part in view.parts if part.button is not None)
    if buttons:
        children.append(ActionRow(components=buttons))
    return validate_message(V2Message(components=(Container(accent_color=ACCENT, components=tuple(children)),)))
