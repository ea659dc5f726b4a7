"""Discord's content rules the emulator enforces on message and modal bodies (pure; problems as strings).

An empty list means the body is acceptable. Each problem names the JSON path it concerns, so a test failure
points at the offending field, the way Discord's 50035 "Invalid Form Body" ``errors`` object does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

EPHEMERAL: Final = 1 << 6
IS_COMPONENTS_V2: Final = 1 << 15

MAX_CONTENT: Final = 2000
MAX_CUSTOM_ID: Final = 100
MAX_V2_COMPONENTS: Final = 40
MAX_V2_TEXT: Final = 4000
MAX_BUTTON_LABEL: Final = 80
MAX_ROW_BUTTONS: Final = 5
MAX_CLASSIC_ROWS: Final = 5
MAX_SELECT_OPTIONS: Final = 25
MAX_MODAL_TITLE: Final = 45
MAX_TEXT_INPUT_LABEL: Final = 45

ACTION_ROW, BUTTON, STRING_SELECT, TEXT_INPUT = 1, 2, 3, 4
SELECTS: Final = frozenset({3, 5, 6, 7, 8})
TEXT_DISPLAY, CONTAINER, SECTION = 10, 17, 9
#: Component types that exist only in Components V2 messages.
V2_ONLY: Final = frozenset({9, 10, 11, 12, 13, 14, 17})


def _walk(components: Sequence[Mapping[str, Any]], path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for i, comp in enumerate(components):
        here = f"{path}[{i}]"
        yield here, comp
        children = comp.get("components")
        if isinstance(children, list):
            yield from _walk(children, f"{here}.components")
        accessory = comp.get("accessory")
        if isinstance(accessory, Mapping):
            yield f"{here}.accessory", accessory


def message_problems(body: Mapping[str, Any], *, existing_flags: int = 0) -> list[str]:
    """Problems with a message create/edit body (also interaction callback ``data``)."""
    problems: list[str] = []
    flags = int(body.get("flags") or 0) | (existing_flags & IS_COMPONENTS_V2)
    content = body.get("content")
    if isinstance(content, str) and len(content) > MAX_CONTENT:
        problems.append(f"content: longer than {MAX_CONTENT} characters ({len(content)})")
    if (
        existing_flags & IS_COMPONENTS_V2
        and "flags" in body
        and not int(body["flags"] or 0) & IS_COMPONENTS_V2
    ):
        problems.append("flags: IS_COMPONENTS_V2 cannot be cleared once set")
    components = body.get("components") or []
    v2 = bool(flags & IS_COMPONENTS_V2)
    if v2:
        problems.extend(
            f"{key}: not allowed on an IS_COMPONENTS_V2 message"
            for key in ("content", "embeds", "poll", "stickers", "sticker_ids")
            if body.get(key)
        )
    seen_ids: set[str] = set()
    count = 0
    text_total = 0
    for path, comp in _walk(components, "components"):
        count += 1
        ctype = comp.get("type")
        if ctype in V2_ONLY and not v2:
            problems.append(f"{path}: component type {ctype} needs the IS_COMPONENTS_V2 flag")
        custom_id = comp.get("custom_id")
        if custom_id is not None:
            if len(str(custom_id)) > MAX_CUSTOM_ID:
                problems.append(f"{path}.custom_id: longer than {MAX_CUSTOM_ID} characters")
            if custom_id in seen_ids:
                problems.append(f"{path}.custom_id: duplicate {custom_id!r} in one message")
            seen_ids.add(str(custom_id))
        if ctype == TEXT_DISPLAY:
            text_total += len(str(comp.get("content", "")))
        if ctype == BUTTON:
            label = comp.get("label")
            if isinstance(label, str) and len(label) > MAX_BUTTON_LABEL:
                problems.append(f"{path}.label: longer than {MAX_BUTTON_LABEL} characters")
            if comp.get("style") != 5 and comp.get("style") != 6 and custom_id is None:
                problems.append(f"{path}.custom_id: required for a non-link button")
        if ctype == STRING_SELECT and len(comp.get("options") or []) > MAX_SELECT_OPTIONS:
            problems.append(f"{path}.options: more than {MAX_SELECT_OPTIONS} options")
        if ctype == ACTION_ROW:
            kids = comp.get("components") or []
            types = [k.get("type") for k in kids]
            if not kids:
                problems.append(f"{path}: an action row needs at least one component")
            elif any(t in SELECTS for t in types) and len(kids) != 1:
                problems.append(f"{path}: a select must be alone in its action row")
            elif types.count(BUTTON) > MAX_ROW_BUTTONS:
                problems.append(f"{path}: more than {MAX_ROW_BUTTONS} buttons in one action row")
    if v2:
        if count > MAX_V2_COMPONENTS:
            problems.append(f"components: {count} components, at most {MAX_V2_COMPONENTS}")
        if text_total > MAX_V2_TEXT:
            problems.append(f"components: {text_total} characters of text, at most {MAX_V2_TEXT}")
    elif len(components) > MAX_CLASSIC_ROWS:
        problems.append(f"components: more than {MAX_CLASSIC_ROWS} action rows")
    return problems


def modal_problems(data: Mapping[str, Any]) -> list[str]:
    """Problems with a modal (callback type 9 ``data``)."""
    problems: list[str] = []
    title = str(data.get("title", ""))
    if not title or len(title) > MAX_MODAL_TITLE:
        problems.append(f"title: 1..{MAX_MODAL_TITLE} characters")
    custom_id = str(data.get("custom_id", ""))
    if not custom_id or len(custom_id) > MAX_CUSTOM_ID:
        problems.append(f"custom_id: 1..{MAX_CUSTOM_ID} characters")
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 5:
        problems.append("components: a modal holds 1 to 5 components")
    for i, row in enumerate(rows):
        for j, comp in enumerate(row.get("components") or []):
            path = f"components[{i}].components[{j}]"
            if comp.get("type") == TEXT_INPUT:
                if len(str(comp.get("label", ""))) > MAX_TEXT_INPUT_LABEL:
                    problems.append(f"{path}.label: longer than {MAX_TEXT_INPUT_LABEL} characters")
                if len(str(comp.get("custom_id", ""))) > MAX_CUSTOM_ID:
                    problems.append(f"{path}.custom_id: longer than {MAX_CUSTOM_ID} characters")
    return problems
