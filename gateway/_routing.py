"""Every ``INTERACTION_CREATE`` the client receives is answered, within Discord's 3 seconds, routed or not.

interactions.py 5.16 dispatches an interaction in its ``raw_interaction_create`` processor
(``Client._dispatch_interaction``): a command by its full name, a component or modal by its exact custom id
and then by the regex callbacks. What matches nothing is dropped (an unknown command is logged at ERROR, a
component or modal silently), and an option its parsing cannot read (text where a user's snowflake belongs)
raises before any callback runs: either way the member sees Discord's "This interaction failed".

:func:`route_interactions` replaces that processor with one that decides first, from Discord's JSON and the
client's registered callbacks:

- before the client is ready (commands not synced yet): a "starting up, try again" reply;
- a command no callback has (deleted, renamed, never deployed here): "this command no longer exists";
- a command whose options do not fit its declaration (:func:`gateway._interaction.check_options`: an undeclared
  option, a value of the wrong shape, a required option missing): the option's specific refusal;
- a button, select or modal no callback takes (an older version of the message, or of the bot): "this is from
  an older version of the message", with the way forward the owner of the id's prefix registered
  (:class:`ControlHints`), if any;
- an autocomplete with no callback: no suggestions (an empty list, so the client does not show an error);
- everything else goes to the library's own dispatch; if that raises before a handler runs, the failure is
  logged and answered with the apology.

Each reply is a :class:`~gateway.Refusal` answered through :func:`~gateway.enveloped` (log fields, span, the
guild's configured language through ``locale_of``, else Discord's), ephemeral, and writes nothing. The gateway
names no feature: hints are catalog keys registered by custom-id prefix.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

import interactions

from gateway._context import read_interaction
from gateway._handler import LocaleOf, enveloped
from gateway._i18n import translate
from gateway._interaction import DeclaredOption, Interaction, InteractionKind, check_options
from gateway._refusal import OutdatedControl, Refusal
from gateway._responder import EPHEMERAL, NO_MENTIONS, HttpResponder, Responder

logger = logging.getLogger(__name__)

_EVENT: Final = "raw_interaction_create"
#: The log field ``feature`` of the replies given here (no feature's handler ran).
FEATURE: Final = "gateway"
_BUTTON: Final = 2
_AUTOCOMPLETE_RESULT: Final = 8


class ControlHints:
    """For custom-id prefixes, the catalog key of a way forward when a control with such an id no longer routes
    (``"t1:setup:"`` → "open a fresh panel with /setup start"). The longest matching prefix wins."""

    def __init__(self, hints: Mapping[str, str] | None = None) -> None:
        self._hints: dict[str, str] = dict(hints or {})

    def add(self, prefix: str, key: str) -> None:
        """Point controls whose custom id starts with ``prefix`` to the text ``key``."""
        if not prefix:
            raise ValueError("a control hint needs a non-empty custom-id prefix")
        if self._hints.get(prefix, key) != key:
            raise ValueError(f"custom-id prefix {prefix!r} already has a hint")
        self._hints[prefix] = key

    def hint_for(self, custom_id: str) -> str | None:
        """The key registered for the longest prefix of ``custom_id``; None when no prefix matches."""
        matches = [prefix for prefix in self._hints if custom_id.startswith(prefix)]
        return self._hints[max(matches, key=len)] if matches else None

    def __repr__(self) -> str:
        return f"ControlHints({self._hints!r})"


Processor = Callable[[Any], Awaitable[None]]


def route_interactions(
    client: interactions.Client, *, locale_of: LocaleOf | None = None, hints: ControlHints | None = None
) -> None:
    """Make ``client`` answer every interaction (see the module docstring). Call once, before it connects."""
    dispatch: Processor = client.processors[_EVENT]
    control_hints = hints or ControlHints()

    async def process(event: Any) -> None:
        await _process(client, dispatch, event.data, locale_of, control_hints, event)

    client.processors[_EVENT] = process


async def _process(
    client: interactions.Client,
    dispatch: Processor,
    payload: dict[str, Any],
    locale_of: LocaleOf | None,
    hints: ControlHints,
    event: Any,
) -> None:
    if payload.get("type") == InteractionKind.AUTOCOMPLETE:
        await _autocomplete(client, dispatch, payload, event)
        return
    try:
        interaction = read_interaction(client, payload)
    except Exception:
        # Discord's JSON itself could not be read: nothing to route on, nothing but the apology to give.
        logger.exception("could not read an interaction", extra={"interaction_id": payload.get("id")})
        await _apologize_unread(client, payload)
        return
    responder = HttpResponder(
        client.http, interaction_id=interaction.id, application_id=interaction.application_id, token=payload["token"]
    )
    refusal = _unrouted(client, interaction, payload, hints)
    if refusal is not None:
        await _answer(refusal, interaction, responder, locale_of)
        return
    try:
        await dispatch(event)
    except Exception as exc:
        # Raised by the library before any callback ran (the envelope contains a callback's own failures).
        failure = exc

        async def failed(interaction: Interaction, responder: Responder) -> None:
            raise failure

        await enveloped(failed, feature=FEATURE, action="dispatch", locale_of=locale_of)(interaction, responder)


async def _apologize_unread(client: interactions.Client, payload: Mapping[str, Any]) -> None:
    locale = payload.get("guild_locale") or payload.get("locale")
    body = {"content": translate("error.interaction_failed", str(locale) if locale else None), "flags": EPHEMERAL,
            "allowed_mentions": NO_MENTIONS}
    try:
        await client.http.post_initial_response({"type": 4, "data": body}, str(payload["id"]), str(payload["token"]))
    except Exception:
        logger.warning("could not tell the user the interaction failed", exc_info=True)


def _unrouted(
    client: interactions.Client, interaction: Interaction, payload: Mapping[str, Any], hints: ControlHints
) -> Refusal | None:
    """The reply for an interaction no callback would answer well; None when the library may dispatch it."""
    if not client._startup:
        return Refusal("error.not_ready")
    data: Mapping[str, Any] = payload.get("data") or {}
    if interaction.kind is InteractionKind.COMMAND:
        command = client._interaction_lookup.get(interaction.command or "")
        if command is None:
            return Refusal("error.unknown_command")
        return check_options(data, _declared(command))
    custom_id = interaction.custom_id if isinstance(interaction.custom_id, str) else ""
    if interaction.kind is InteractionKind.COMPONENT:
        if _matches(custom_id, client._component_callbacks, client._regex_component_callbacks):
            return None
        key = "error.outdated_button" if data.get("component_type") == _BUTTON else "error.outdated_select"
        return OutdatedControl(key, hint=hints.hint_for(custom_id))
    if interaction.kind is InteractionKind.MODAL:
        if _matches(custom_id, client._modal_callbacks, client._regex_modal_callbacks):
            return None
        return OutdatedControl("error.outdated_modal", hint=hints.hint_for(custom_id))
    return None


def _matches(custom_id: str, exact: Mapping[str, Any], patterns: Mapping[Any, Any]) -> bool:
    """Whether the library would find a callback for ``custom_id`` (exact ids first, then the regexes)."""
    return custom_id in exact or any(pattern.match(custom_id) for pattern in patterns)


def _declared(command: Any) -> list[DeclaredOption]:
    """A registered command's leaf options (interactions.py keeps each subcommand as its own command)."""
    options = getattr(command, "options", None) or []
    return [DeclaredOption(name=str(o.name), type=int(o.type), required=bool(o.required)) for o in options]


async def _answer(refusal: Refusal, interaction: Interaction, responder: Responder, locale_of: LocaleOf | None) -> None:
    async def refuse(interaction: Interaction, responder: Responder) -> None:
        raise refusal

    action = refusal.key.removeprefix("error.")
    await enveloped(refuse, feature=FEATURE, action=action, locale_of=locale_of)(interaction, responder)


async def _autocomplete(client: interactions.Client, dispatch: Processor, payload: dict[str, Any], event: Any) -> None:
    """An autocomplete goes to the command's autocomplete callback; without one it gets an empty list."""
    try:
        if client._startup and _has_autocomplete(client, payload):
            await dispatch(event)
            return
        await client.http.post_initial_response(
            {"type": _AUTOCOMPLETE_RESULT, "data": {"choices": []}}, str(payload["id"]), str(payload["token"])
        )
    except Exception:
        logger.exception("autocomplete failed", extra={"interaction_id": payload.get("id")})


def _has_autocomplete(client: interactions.Client, payload: Mapping[str, Any]) -> bool:
    interaction = read_interaction(client, payload)
    command = client._interaction_lookup.get(interaction.command or "")
    focused = _focused(payload.get("data") or {})
    callbacks = getattr(command, "autocomplete_callbacks", None) or {}
    return command is not None and focused is not None and (focused in callbacks or focused in
                                                            client._global_autocompletes)


def _focused(data: Mapping[str, Any]) -> str | None:
    options = data.get("options")
    while isinstance(options, list):
        for option in options:
            if isinstance(option, Mapping) and option.get("focused"):
                return str(option.get("name"))
        options = next((o.get("options") for o in options if isinstance(o, Mapping) and o.get("options")), None)
    return None
