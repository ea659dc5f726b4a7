"""Slash command declarations with every name and description taken from the catalogs.

The catalogs hold ``command.<path>.name`` / ``.description`` (see :func:`gateway.i18n.command_text`); these
helpers turn them into interactions.py's localised fields, so Discord shows each member the command in their
client's language while the bot always receives the base (English) names.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, TypeVar

import attrs
import interactions
from interactions.models.internal.localisation import LocalisedField

from gateway import Callback
from gateway.i18n import default_translator, discord_localizations

F = TypeVar("F", bound=LocalisedField)

#: Discord locale code → interactions.py's attribute name for it (``"en-US"`` → ``"english_us"``).
_ATTRIBUTE_BY_CODE = {
    a.metadata["locale-code"]: a.name for a in attrs.fields(LocalisedField) if "locale-code" in a.metadata
}


def localised(cls: type[F], key: str) -> F:
    """A localised field holding catalog ``key`` in every supported locale, English as the base value."""
    texts = discord_localizations(default_translator(), key)
    return cls(default_locale="english_us", **{_ATTRIBUTE_BY_CODE[code]: text for code, text in texts.items()})


def name_of(path: str) -> interactions.LocalisedName:
    """The localised name of the command, group, subcommand or option at ``path``."""
    return localised(interactions.LocalisedName, f"command.{path}.name")


def description_of(path: str) -> interactions.LocalisedDesc:
    """The localised description at ``path``."""
    return localised(interactions.LocalisedDesc, f"command.{path}.description")


def choice(key: str, value: str) -> interactions.SlashCommandChoice:
    """A string choice whose shown name is catalog ``key``."""
    return interactions.SlashCommandChoice(name=localised(LocalisedField, key), value=value)


def command(
    path: str, callback: Callback, *, options: Sequence[interactions.SlashCommandOption] = ()
) -> interactions.SlashCommand:
    """The top-level command ``/<path>`` (no subcommands)."""
    return interactions.SlashCommand(
        name=name_of(path), description=description_of(path), options=list(options), callback=callback
    )


def string_option(
    path: str, choices: Sequence[interactions.SlashCommandChoice] = (), *, required: bool = True
) -> interactions.SlashCommandOption:
    """A string option at ``path`` (``admin.feature.set.option.name``), optionally restricted to ``choices``."""
    return interactions.SlashCommandOption(
        name=name_of(path),
        description=description_of(path),
        type=interactions.OptionType.STRING,
        required=required,
        choices=list(choices),
    )


def option(
    path: str, kind: interactions.OptionType, *, required: bool = True, **constraints: Any
) -> interactions.SlashCommandOption:
    """An option of type ``kind`` at ``path`` (``duel.round.start.option.duration_minutes``), required unless
    said otherwise, with Discord-side constraints (``min_value``/``max_value``, ``channel_types``) that the
    handler still checks."""
    return interactions.SlashCommandOption(
        name=name_of(path), description=description_of(path), type=kind, required=required, **constraints
    )


def subcommand(
    base: str,
    sub: str,
    callback: Callback,
    *,
    group: str | None = None,
    options: Sequence[interactions.SlashCommandOption] = (),
    admin_only: bool = False,
) -> interactions.SlashCommand:
    """The subcommand ``/<base> [<group>] <sub>``; catalog paths follow the same dotted shape.

    ``admin_only``: Discord shows the command only to members with Administrator (give every subcommand of a
    base the same value). It only hides the command: the handler still checks, as a server can override it.
    """
    path = f"{base}.{group}.{sub}" if group else f"{base}.{sub}"
    extra: dict[str, Any] = {}
    if admin_only:
        extra["default_member_permissions"] = interactions.Permissions.ADMINISTRATOR
    if group is not None:
        extra["group_name"] = name_of(f"{base}.{group}")
        extra["group_description"] = description_of(f"{base}.{group}")
    return interactions.SlashCommand(
        name=name_of(base),
        description=description_of(base),
        sub_cmd_name=name_of(path),
        sub_cmd_description=description_of(path),
        options=list(options),
        callback=callback,
        **extra,
    )


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def command_payloads(commands: Sequence[interactions.SlashCommand]) -> list[dict[str, Any]]:
    """The JSON bodies Discord's bulk overwrite takes, subcommands merged under their base command the way
    interactions.py merges them when it syncs (so ``together commands deploy`` and ``together run`` agree)."""
    from interactions.models.internal.application_commands import application_commands_to_dict

    by_name = {command.resolved_name: command for command in commands}
    # The converter only uses its client argument for a logger (merge warnings).
    client = SimpleNamespace(logger=logging.getLogger("interactions"))
    merged = application_commands_to_dict({0: by_name}, client)  # type: ignore[arg-type, dict-item]
    return [_without_nulls(body) for body in merged.get(0, [])]
