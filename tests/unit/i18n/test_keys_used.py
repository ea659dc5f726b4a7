"""Every literal catalog key the code passes to the translator exists in both catalogs."""

from __future__ import annotations

import re
from pathlib import Path

from features.kernel._permissions import Permission
from features.kernel._render_errors import permission_names
from gateway.i18n import default_translator

ROOTS = [Path(__file__).resolve().parents[3] / folder for folder in ("gateway", "features")]
_CALL = re.compile(r"""tr\.(?:text|plural)\(\s*locale,\s*(['"])([a-z0-9_.]+)\1""")
_KEY_LITERAL = re.compile(r""""((?:duel|pair|pair_home|say|repair|date|error)\.reply\.[a-z_]+|error\.[a-z_]+)\"""")


def test_literal_keys_in_source_exist() -> None:
    tr = default_translator()
    found: set[str] = set()
    for path in (path for root in ROOTS for path in root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        found.update(match.group(2) for match in _CALL.finditer(source))
        found.update(match.group(1) for match in _KEY_LITERAL.finditer(source))
    assert len(found) > 40
    for locale in ("ru", "en"):
        missing = sorted(key for key in found if key not in tr.keys(locale))
        assert not missing, f"{locale}: {missing}"


def test_every_named_permission_has_a_display_name() -> None:
    tr = default_translator()
    for bit in Permission:
        assert bit.name is not None  # each member is one named bit, never a combination
        assert f"permission.{bit.name.lower()}" in tr.keys("ru")
    assert permission_names([Permission.VIEW_CHANNEL, Permission.MANAGE_CHANNELS], locale="en", tr=tr) == (
        "View Channel, Manage Channels"
    )
    assert permission_names([Permission.SEND_MESSAGES], locale="ru", tr=tr) == "Отправлять сообщения"
