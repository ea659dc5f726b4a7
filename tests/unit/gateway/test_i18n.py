"""The gateway's translate shortcut: ru by default, en as the alternative, backed by the project catalogs."""

from __future__ import annotations

import pytest

from gateway import translate
from gateway._i18n import normalize_locale


def test_locales_map_to_ru_or_en() -> None:
    assert normalize_locale("en-US") == "en"
    assert normalize_locale("en-GB") == "en"
    assert normalize_locale("ru") == "ru"
    assert normalize_locale("de") == "ru"
    assert normalize_locale(None) == "ru"


def test_translate_differs_by_locale_and_unknown_keys_raise() -> None:
    assert translate("ping.reply", "ru") != translate("ping.reply", "en-US")
    assert translate("ping.reply", "fr") == translate("ping.reply", "ru")
    with pytest.raises(KeyError):
        translate("no.such.key", "ru")
