"""Slash command declarations whose names and descriptions come from the catalogs, in every locale."""

from __future__ import annotations

from typing import Any

import interactions

from gateway.i18n import default_translator


def localized_command(path: str, callback: Any) -> interactions.SlashCommand:
    """A top-level slash command named and described by ``command.<path>.name|description`` (ru base, en)."""
    tr = default_translator()
    return interactions.SlashCommand(
        name=interactions.LocalisedName(
            default_locale="russian",
            russian=tr.text("ru", f"command.{path}.name"),
            english_us=tr.text("en", f"command.{path}.name"),
        ),
        description=interactions.LocalisedDesc(
            default_locale="russian",
            russian=tr.text("ru", f"command.{path}.description"),
            english_us=tr.text("en", f"command.{path}.description"),
        ),
        callback=callback,
    )
