"""Expected refusals: a typed error a handler raises, which the interaction wrapper turns into a reply.

Raise :class:`Refusal` (a :class:`~together.errors.DomainError`) anywhere below an
:func:`~gateway._handler.interaction_handler` callback when the person asked for something the rules forbid
(not allowed, feature off, not configured, wrong channel...). The wrapper answers with the localized text as an
ephemeral message, logs the refusal at info level and does not count it as a failure; nothing else happens,
so raise it before writing anything.

The text is ``key`` from the catalogs with ``params``; a subclass overrides :meth:`Refusal.text` when the
params themselves need translating. ``locale`` is the guild's configured language when the raiser knows it;
otherwise the wrapper uses the locale Discord sent with the interaction.
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
