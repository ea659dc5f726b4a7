"""What Discord's client and API refuse before the bot ever sees an interaction, as pure checks.

A person using the control API (or the browser client) can type anything; Discord's client cannot send a
command without its required options, an option the command does not have, a choice it does not offer, a number
out of range, or a modal field the modal did not have. Each check returns the problems, one readable line each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

#: The locales Discord knows (https://discord.com/developers/docs/reference#locales).
DISCORD_LOCALES: Final = frozenset(
    {
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl",
        "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja",
        "zh-TW", "ko",
    }
)
_SUBCOMMAND_TYPES: Final = (1, 2)
_NUMBER_TYPES: Final = (4, 10)
_TEXT_INPUT: Final = 4


def option_problems(command: Mapping[str, Any], path: Sequence[str], values: Mapping[str, Any]) -> list[str]:
    """Why Discord would not send ``/command path...`` with ``values``: missing, unknown or invalid options."""
    defs: Sequence[Mapping[str, Any]] = command.get("options") or []
    shown = "/" + " ".join([str(command["name"]), *path])
    for depth, name in enumerate(path):
        sub = next((d for d in defs if d["name"] == name and d["type"] in _SUBCOMMAND_TYPES), None)
        if sub is None:
            return [f"/{' '.join([str(command['name']), *path[:depth]])}: {name!r} is not a subcommand"]
        defs = sub.get("options") or []
    if any(d["type"] in _SUBCOMMAND_TYPES for d in defs):
        subs = ", ".join(d["name"] for d in defs)
        return [f"{shown} needs a subcommand ({subs})"]
    by_name = {d["name"]: d for d in defs}
    problems = [
        f"{shown}: the required option {d['name']!r} is missing"
        for d in defs
        if d.get("required") and d["name"] not in values
    ]
    for name, value in values.items():
        spec = by_name.get(name)
        if spec is None:
            known = ", ".join(by_name) or "none"
            problems.append(f"{shown} has no option {name!r} (its options: {known})")
            continue
        problems += _value_problems(shown, spec, value)
    return problems


def _value_problems(shown: str, spec: Mapping[str, Any], value: Any) -> list[str]:
    name = spec["name"]
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        offered = ", ".join(repr(c["value"]) for c in choices)
        return [f"{shown}: {value!r} is not a choice of {name!r} ({offered})"]
    if spec["type"] in _NUMBER_TYPES:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [f"{shown}: option {name!r} takes a number, not {value!r}"]
        if spec["type"] == 4 and not isinstance(value, int):
            return [f"{shown}: option {name!r} takes a whole number, not {value!r}"]
        low, high = spec.get("min_value"), spec.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            return [f"{shown}: option {name!r} must be between {low} and {high}, not {value}"]
    if spec["type"] == 3 and not isinstance(value, str):
        return [f"{shown}: option {name!r} takes text, not {value!r}"]
    if spec["type"] == 5 and not isinstance(value, bool):
        return [f"{shown}: option {name!r} takes true or false, not {value!r}"]
    return []


def text_inputs(components: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """A modal's text inputs, in action rows (``components``) or labels (``component``)."""
    for comp in components:
        if comp.get("type") == _TEXT_INPUT:
            yield comp
        yield from text_inputs(comp.get("components") or [])
        inner = comp.get("component")
        if isinstance(inner, Mapping):
            yield from text_inputs([inner])


def modal_problems(modal: Mapping[str, Any], values: Mapping[str, Any]) -> list[str]:
    """Why Discord would not submit ``values`` to ``modal``: unknown fields, required ones empty, bad lengths."""
    inputs = {str(c["custom_id"]): c for c in text_inputs(modal.get("components") or [])}
    problems = [
        f"the modal has no field {cid!r} (its fields: {', '.join(inputs) or 'none'})"
        for cid in values
        if cid not in inputs
    ]
    for cid, spec in inputs.items():
        value = values.get(cid, "")
        if not isinstance(value, str):
            problems.append(f"field {cid!r} takes text, not {value!r}")
            continue
        if spec.get("required", True) and not value:
            problems.append(f"field {cid!r} is required")
        elif value and len(value) < int(spec.get("min_length") or 0):
            problems.append(f"field {cid!r} needs at least {spec['min_length']} characters")
        if len(value) > int(spec.get("max_length") or 4000):
            problems.append(f"field {cid!r} takes at most {spec.get('max_length') or 4000} characters")
    return problems
