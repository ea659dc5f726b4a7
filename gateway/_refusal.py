"""Expected refusals: a typed error a handler raises, which the interaction wrapper turns into a reply.

Raise :class:`Refusal` (a :class:`~together.errors.DomainError`) anywhere below an
:func:`~gateway._handler.interaction_handler` callback when the person asked for something the rules forbid
(not allowed, feature off, not configured, wrong channel...). The wrapper answers with the localized text as an
ephemeral message, logs the refusal at info level and does not count it as a failure; nothing else happens,
so raise it before writing anything.

The text is ``key`` from the catalogs with ``params``; a subclass overrides :meth:`Refusal.text` when the
params themselves need translating. ``locale`` is the guild's configured language when the raiser knows it;
otherwise the wrapper uses the locale Discord sent with the interaction.

Two refusals the gateway raises itself: :class:`OptionRefusal` (an option of the wrong shape, from the typed
accessors of :class:`~gateway.Interaction` or the check of a command's options against its declaration) and
:class:`OutdatedControl` (a button, select or modal no callback takes any more, see :mod:`gateway._routing`).
"""

from __future__ import annotations

from gateway.i18n import Locale, Translator
from together.errors import DomainError


class Refusal(DomainError):
    """The interaction is refused with the localized message ``key`` (``params`` interpolated)."""

    def __init__(self, key: str, /, *, locale: Locale | None = None, **params: object) -> None:
        self.key = key
        self.params = params
        self.locale = locale
        super().__init__(f"refused: {key}")

    def text(self, locale: Locale, tr: Translator) -> str:
        """The message shown to the person."""
        return tr.text(locale, self.key, **self.params)


class OptionRefusal(Refusal):
    """A slash command option of the wrong shape: missing, of another type, too long, out of range.

    ``key`` is one of the gateway's ``error.option.*`` texts, which name the option as the member sees it: its
    localized name from the catalogs (``command.<command path>.option.<name>.name``) when there is one, else
    the name Discord sent.
    """

    def __init__(
        self,
        key: str,
        /,
        *,
        option: str,
        command: str | None = None,
        locale: Locale | None = None,
        min: int | None = None,
        max: int | None = None,
    ) -> None:
        bounds = {name: value for name, value in (("min", min), ("max", max)) if value is not None}
        super().__init__(key, locale=locale, **bounds)
        self.option = option
        self.command = command

    def text(self, locale: Locale, tr: Translator) -> str:
        name = self.option
        if self.command:
            key = f"command.{self.command.replace(' ', '.')}.option.{self.option}.name"
            if key in tr.keys(locale):
                name = tr.text(locale, key)
        return tr.text(locale, self.key, **{**self.params, "option": f"`{name}`"})


class OutdatedControl(Refusal):
    """A button, select or modal whose custom id no handler takes any more (an older version of the message, or
    of the bot), answered with its kind's text and, when the feature that owns the id's prefix left one, a way
    forward (``hint``, a catalog key)."""

    def __init__(self, key: str, /, *, hint: str | None = None, locale: Locale | None = None) -> None:
        super().__init__(key, locale=locale)
        self.hint = hint

    def text(self, locale: Locale, tr: Translator) -> str:
        text = tr.text(locale, self.key)
        if self.hint is not None and self.hint in tr.keys(locale):
            text = f"{text} {tr.text(locale, self.hint)}"
        return text
