"""Every catalog entry renders in both languages with realistic arguments: nothing left unfilled, no doubled
punctuation or spaces, and every plural entry reads right for 0, 1, 2, 5, 11, 21 and 101."""

from __future__ import annotations

import re

import pytest

import features  # noqa: F401 - importing the features registers their catalogs
from gateway.i18n import LOCALES, Locale, default_translator, placeholders

COUNTS = (0, 1, 2, 5, 11, 21, 101)
#: Russian plural forms by count (CLDR): one, few, many.
RU_FORM = {0: 2, 1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 101: 0}
_DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|[?!]\.|\.[?!]|,[.,]|  ")


def _value(name: str) -> str:
    """A realistic argument for placeholder ``name``, by what its name says it is."""
    if "channel" in name or name in {"room", "where"}:
        return "<#123456789012345678>"
    if name.startswith(("user", "member", "partner", "claimer", "author")):
        return "<@123456789012345678>"
    if name in {"when", "ends", "relative", "next", "until"}:
        return "<t:1767225600:R>"
    if name in {"count", "rank", "round", "min", "max", "percent", "progress", "goal", "offers", "cap", "full"}:
        return "7"
    return "Пример" if name.islower() and len(name) > 1 else "x"


def _render(locale: Locale, key: str, count: int | None = None) -> str:
    tr = default_translator()
    forms = tr.forms(locale, key)
    names = set().union(*(placeholders(form) for form in forms))
    params = {name: _value(name) for name in names - {"count"}}
    if count is None:
        return tr.text(locale, key, **params, **({"count": "7"} if "count" in names else {}))
    return tr.plural(locale, key, count, **params)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_renders_without_gaps_or_doubled_punctuation(locale: Locale) -> None:
    tr = default_translator()
    problems = []
    for key in sorted(tr.keys(locale)):
        plural = key in tr.plural_keys(locale)
        for count in COUNTS if plural else (None,):
            text = _render(locale, key, count)
            if "{" in text or "}" in text:
                problems.append(f"{key}: unfilled placeholder in {text!r}")
            if _DOUBLED.search(text.replace("...", "…")):
                problems.append(f"{key}: doubled punctuation or space in {text!r}")
            if text != text.strip():
                problems.append(f"{key}: leading or trailing space")
    assert not problems, "\n".join(problems[:40])


def test_russian_plurals_take_the_form_their_count_asks_for() -> None:
    tr = default_translator()
    problems = []
    for key in sorted(tr.plural_keys("ru")):
        forms = tr.forms("ru", key)
        assert len(forms) == 3, key
        for count, form in RU_FORM.items():
            rendered = _render("ru", key, count)
            expected_shape = placeholders(forms[form])
            if "count" in expected_shape and str(count) not in rendered:
                problems.append(f"{key}[{count}]: the count is missing from {rendered!r}")
            params = {name: _value(name) for name in expected_shape - {"count"}}
            if rendered != forms[form].format(count=count, **params):
                problems.append(f"{key}[{count}]: took the wrong form: {rendered!r}")
    assert not problems, "\n".join(problems[:40])
