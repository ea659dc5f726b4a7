"""The ru/en catalogs: complete, consistent placeholders, correct plural forms, strict interpolation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel import Locale as BabelLocale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from features.dates._content import Budget, Energy, TimeWindow
from features.kernel._features import FEATURE_REQUIREMENTS, SETUP_REQUIRED_KEYS, Feature
from features.mediator._content import SayTone
from gateway.i18n import (
    CATALOG_DIR,
    LOCALES,
    CatalogError,
    Locale,
    MissingPlaceholder,
    MissingTranslation,
    TranslationError,
    Translator,
    catalog_directories,
    default_translator,
    placeholders,
)

TR = default_translator()


def test_both_locales_have_exactly_the_same_keys() -> None:
    assert TR.keys("ru") == TR.keys("en")
    assert TR.plural_keys("ru") == TR.plural_keys("en")
    assert len(TR.keys("ru")) > 150


@pytest.mark.parametrize("locale", LOCALES)
def test_no_text_is_empty(locale: Locale) -> None:
    for key in TR.keys(locale):
        forms = TR.forms(locale, key)
        assert forms and all(form.strip() for form in forms), key


def test_placeholders_agree_between_locales_and_plural_forms() -> None:
    for key in TR.keys("ru"):
        sets = {placeholders(form) for locale in LOCALES for form in TR.forms(locale, key)}
        assert len(sets) == 1, f"{key}: {sets}"
        assert all(name.isidentifier() for name in next(iter(sets))), key


def test_plural_entries_have_every_form_and_use_count() -> None:
    assert TR.num_plurals("ru") == 3
    assert TR.num_plurals("en") == 2
    for key in TR.plural_keys("ru"):
        assert len(TR.forms("ru", key)) == 3
        assert len(TR.forms("en", key)) == 2
        assert all("{count}" in form for form in TR.forms("ru", key)), key


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_form_choice_matches_cldr(locale: Locale) -> None:
    # The catalog's gettext Plural-Forms must pick the same category as CLDR's rules for every n.
    rule = BabelLocale.parse(locale).plural_form
    categories = {"ru": ("one", "few", "many"), "en": ("one", "other")}[locale]
    forms = TR.forms(locale, "duel.points")
    for n in range(0, 1500):
        expected = forms[categories.index(rule(n))].format(count=n)
        assert TR.plural(locale, "duel.points", n) == expected, n


def test_russian_plural_examples() -> None:
    assert TR.plural("ru", "duel.board.answers", 1) == "Получен **1** ответ"
    assert TR.plural("ru", "duel.board.answers", 3) == "Получено **3** ответа"
    assert TR.plural("ru", "duel.board.answers", 11) == "Получено **11** ответов"
    assert TR.plural("ru", "duel.board.answers", 21) == "Получен **21** ответ"
    assert TR.plural("en", "duel.board.answers", 1) == "**1** answer received"
    assert TR.plural("en", "duel.board.answers", 0) == "**0** answers received"


def test_text_interpolates_and_refuses_missing_values() -> None:
    assert TR.text("en", "pair.reply.your_room", channel="<#1>") == "Your pair room: <#1>"
    assert TR.text("ru", "pair.reply.your_room", channel="<#1>") == "Ваша комната пары: <#1>"
    with pytest.raises(MissingPlaceholder):
        TR.text("en", "pair.reply.your_room")
    # A value containing braces is inserted verbatim, never re-interpreted.
    assert TR.text("en", "pair.reply.your_room", channel="{x}") == "Your pair room: {x}"


def test_unknown_key_raises() -> None:
    with pytest.raises(MissingTranslation):
        TR.text("ru", "no.such.key")
    with pytest.raises(MissingTranslation):
        TR.plural("en", "no.such.key", 2)


def test_plain_and_plural_entries_are_not_mixed_up() -> None:
    with pytest.raises(TranslationError):
        TR.text("ru", "duel.points")
    with pytest.raises(TranslationError):
        TR.plural("ru", "ping.reply", 2)


def _catalog(locale: str, entries: dict[str, str]) -> Catalog:
    catalog = Catalog(locale=locale)
    for key, text in entries.items():
        catalog.add(key, text)
    buffer = io.BytesIO()
    from babel.messages.pofile import write_po

    write_po(buffer, catalog)
    buffer.seek(0)
    return read_po(buffer, locale=locale)


def test_missing_key_in_english_falls_back_to_russian() -> None:
    tr = Translator({"ru": _catalog("ru", {"a": "А", "b": "Б"}), "en": _catalog("en", {"a": "A"})})
    assert tr.text("en", "a") == "A"
    assert tr.text("en", "b") == "Б"


def test_fuzzy_entries_count_as_missing() -> None:
    ru = _catalog("ru", {"a": "А"})
    en = _catalog("en", {"a": "A"})
    en["a"].flags.add("fuzzy")
    tr = Translator({"ru": ru, "en": en})
    assert "a" not in tr.keys("en")
    assert tr.text("en", "a") == "А"


def test_catalog_files_are_the_ones_loaded() -> None:
    assert {path.stem for path in CATALOG_DIR.glob("*.po")} == set(LOCALES)


def test_every_dynamic_key_family_exists() -> None:
    keys = TR.keys("ru")
    for feature in Feature:
        assert f"feature.{feature.value}" in keys
    for setting in {*SETUP_REQUIRED_KEYS, *(k for ks in FEATURE_REQUIREMENTS.values() for k in ks)}:
        assert f"setting.{setting}" in keys
    for tone in SayTone:
        assert f"say.tone.{tone.value}" in keys
    for axis, values in (("energy", Energy), ("budget", Budget), ("time", TimeWindow)):
        assert f"date.select.{axis}" in keys
        for value in values:
            assert f"date.{axis}.{value.value}" in keys


def _write_po(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body, encoding="utf-8")


def test_feature_directories_merge_into_their_locale(tmp_path: Path) -> None:
    for locale in LOCALES:
        _write_po(tmp_path / "core" / f"{locale}.po", f'msgid "core"\nmsgstr "core-{locale}"\n')
        forms = ("one", "few", "many") if locale == "ru" else ("one", "other")
        plural = "".join(f'msgstr[{i}] "{{n}} {form}-{locale}"\n' for i, form in enumerate(forms))
        _write_po(tmp_path / "extra" / f"{locale}.po", f'msgid "extra.item"\nmsgid_plural "extra.item"\n{plural}')
    tr = Translator.from_directories([tmp_path / "core", tmp_path / "extra"])
    assert tr.text("en", "core") == "core-en"
    assert tr.plural("ru", "extra.item", 3, n=3) == "3 few-ru"


def test_a_key_defined_twice_for_a_locale_is_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        for locale in LOCALES:
            _write_po(tmp_path / folder / f"{locale}.po", f'msgid "{folder}"\nmsgstr "x"\n')
    _write_po(tmp_path / "b" / "ru.po", 'msgid "a"\nmsgstr "y"\n')
    with pytest.raises(CatalogError, match="already defined"):
        Translator.from_directories([tmp_path / "a", tmp_path / "b"])


def test_every_feature_registers_its_texts_once() -> None:
    import features

    directories = catalog_directories()
    assert len(set(directories)) == len(directories)
    registered = {path.parent.name for path in directories if path.name == "texts"}
    assert registered == {p.parent.name for p in Path(features.__file__).parent.glob("*/texts")}
