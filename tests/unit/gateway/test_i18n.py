"""The gateway's translate shortcut: ru by default, en as the alternative, backed by the project catalogs."""

from __future__ import annotations

import pytest

from gateway._i18n import translate
from gateway.i18n import resolve_locale


def test_locales_map_to_ru_or_en() -> None:
    assert resolve_locale("en-US") == "en"
    assert resolve_locale("en-GB") == "en"
    assert resolve_locale("ru") == "ru"
    assert resolve_locale("de") == "ru"
    assert resolve_locale(None) == "ru"


def test_translate_differs_by_locale_and_unknown_keys_raise() -> None:
    assert translate("ping.reply", "ru") != translate("ping.reply", "en-US")
    assert translate("ping.reply", "fr") == translate("ping.reply", "ru")
    with pytest.raises(KeyError):
        translate("no.such.key", "ru")
