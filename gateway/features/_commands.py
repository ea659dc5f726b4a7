"""Slash command declarations with localized descriptions from the catalogs (``command.<path>.*`` keys)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

import interactions

from gateway.i18n import default_translator


def localized_description(path: str) -> interactions.LocalisedDesc:
    """The description of the command, subcommand or option at ``path`` in Russian and English."""
    tr = default_translator()
    key = f"command.{path}.description"
    return interactions.LocalisedDesc(english_us=tr.text("en", key), russian=tr.text("ru", key))


def option(
    path: str, name: str, kind: interactions.OptionType, **constraints: Any
) -> interactions.SlashCommandOption:
    """A required option ``name`` of the command at ``path``."""
    return interactions.SlashCommandOption(
        name=name, type=kind, description=localized_description(f"{path}.option.{name}"), required=True, **constraints
    )


def subcommand(
    path: str,
    callback: Callable[[Any], Coroutine[Any, Any, None]],
    options: Sequence[interactions.SlashCommandOption] = (),
) -> interactions.SlashCommand:
    """The subcommand at ``path`` (``pair.create`` or ``duel.round.start``), guild-only, with its options."""
    parts = path.split(".")
    base, sub = parts[0], parts[-1]
    group: dict[str, Any] = {}
    if len(parts) == 3:
        group = {"group_name": parts[1], "group_description": localized_description(f"{base}.{parts[1]}")}
    return interactions.SlashCommand(
        name=base,
        description=localized_description(base),
        sub_cmd_name=sub,
        sub_cmd_description=localized_description(path),
        options=list(options),
        callback=callback,
        contexts=[interactions.ContextType.GUILD],
        **group,
    )
