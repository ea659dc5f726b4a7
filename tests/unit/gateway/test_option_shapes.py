"""Options of the wrong shape become specific refusals, never exceptions: the typed accessors, the check of a
command's options against its declaration, and the texts (the option named, the way forward for old controls).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway import (
    MAX_SAFE_INTEGER,
    MAX_STRING_OPTION,
    ControlHints,
    DeclaredOption,
    Interaction,
    OptionRefusal,
    OutdatedControl,
    ResolvedChannel,
    ResolvedUser,
    Responder,
    check_options,
    enveloped,
    interaction_from_payload,
)
from gateway.i18n import Locale, Translator, default_translator
from gateway.testing import RecordingResponder, interaction

TR = default_translator()
ALICE, CHANNEL = "900000000000000011", "900000000000000012"


def _payload(options: list[Any], *, resolved: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ``/demo run`` command interaction with ``options`` under the subcommand."""
    return {
        "id": "2001",
        "application_id": "2002",
        "type": 2,
        "guild_id": "1001",
        "channel_id": "1002",
        "member": {"user": {"id": ALICE, "username": "alice"}, "roles": [], "permissions": "0"},
        "locale": "en-US",
        "data": {
            "id": "3001",
            "name": "demo",
            "type": 1,
            "options": [{"type": 1, "name": "run", "options": options}],
            "resolved": resolved or {},
        },
    }


def _refused(read: Callable[[], object]) -> OptionRefusal:
    with pytest.raises(OptionRefusal) as caught:
        read()
    return caught.value


# -- the typed accessors ---------------------------------------------------------------------------------------


def test_text_where_a_member_belongs_is_refused_as_not_a_member() -> None:
    got = interaction_from_payload(_payload([{"type": 6, "name": "who", "value": "alice, please"}]))
    refusal = _refused(lambda: got.user_option("who"))
    assert (refusal.key, refusal.option, refusal.command) == ("error.option.user", "who", "demo run")
    assert refusal.text("en", TR) == "The `who` option needs a member picked from the list."


def test_a_huge_or_non_numeric_integer_is_refused_and_a_fitting_one_is_read() -> None:
    for value in (10**30, "1" * 40, "abc", 2.5, True, -(MAX_SAFE_INTEGER + 1)):
        got = interaction_from_payload(_payload([{"type": 4, "name": "minutes", "value": value}]))
        with pytest.raises(OptionRefusal) as caught:
            got.int_option("minutes")
        assert caught.value.key == "error.option.integer", value
    got = interaction_from_payload(_payload([{"type": 4, "name": "minutes", "value": MAX_SAFE_INTEGER}]))
    assert got.int_option("minutes") == MAX_SAFE_INTEGER


def test_integer_bounds_name_the_range() -> None:
    five = interaction(command="demo run", options={"minutes": 5})
    assert five.int_option("minutes", min_value=5, max_value=720) == 5
    for low, high, key, text in (
        (6, 720, "error.option.range", "The `minutes` option must be from 6 to 720."),
        (6, None, "error.option.min", "The `minutes` option must be at least 6."),
        (None, 4, "error.option.max", "The `minutes` option can be at most 4."),
    ):
        with pytest.raises(OptionRefusal) as caught:
            five.int_option("minutes", min_value=low, max_value=high)
        assert (caught.value.key, caught.value.text("en", TR)) == (key, text)


def test_an_over_long_string_is_refused_with_the_limit() -> None:
    long = interaction(command="demo run", options={"text": "x" * 11})
    assert long.str_option("text", max_length=11) == "x" * 11
    refusal = _refused(lambda: long.str_option("text", max_length=10))
    assert refusal.text("en", TR) == "The `text` option is too long: the limit is 10 characters."
    # Discord's own limit applies by default.
    huge = interaction_from_payload(_payload([{"type": 3, "name": "text", "value": "y" * (MAX_STRING_OPTION + 1)}]))
    assert _refused(lambda: huge.str_option("text")).params == {"max": MAX_STRING_OPTION}


def test_a_missing_option_is_none_unless_required() -> None:
    empty = interaction(command="demo run")
    assert empty.str_option("x") is None and empty.int_option("x") is None
    assert empty.user_option("x") is None and empty.channel_option("x") is None
    for read in (
        lambda: empty.str_option("x", required=True),
        lambda: empty.int_option("x", required=True),
        lambda: empty.user_option("x", required=True),
        lambda: empty.channel_option("x", required=True),
    ):
        assert _refused(read).key == "error.option.missing"


def test_required_options_of_the_right_shape_are_returned() -> None:
    got = interaction(
        command="demo run",
        options={"who": ResolvedUser(id=ALICE, display_name="Alice"), "where": ResolvedChannel(id=CHANNEL, type=0)},
    )
    assert got.user_option("who", required=True).id == ALICE
    assert got.channel_option("where", required=True).id == CHANNEL
    assert _refused(lambda: got.channel_option("who")).key == "error.option.channel"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None)
@given(kind=st.integers(min_value=-1, max_value=12), value=_JSON)
def test_any_option_value_reads_into_a_value_or_a_refusal_never_an_exception(kind: int, value: Any) -> None:
    got = interaction_from_payload(_payload([{"type": kind, "name": "opt", "value": value}]))
    readers: list[Callable[[Interaction], object]] = [
        lambda i: i.str_option("opt"),
        lambda i: i.int_option("opt", min_value=0, max_value=10),
        lambda i: i.user_option("opt"),
        lambda i: i.channel_option("opt"),
    ]
    for read in readers:
        try:
            read(got)
        except OptionRefusal as refusal:
            for locale in ("ru", "en"):
                assert "`opt`" in refusal.text(locale, TR)
    problem = check_options(_payload([{"type": kind, "name": "opt", "value": value}])["data"],
                            [DeclaredOption(name="opt", type=kind)])
    assert problem is None or problem.key.startswith("error.option.")


# -- a command's options against its declaration ---------------------------------------------------------------

DECLARED = [DeclaredOption(name="who", type=6, required=True), DeclaredOption(name="note", type=3)]


def test_options_that_fit_the_declaration_pass() -> None:
    assert check_options(_payload([{"type": 6, "name": "who", "value": ALICE}])["data"], DECLARED) is None
    both = [{"type": 6, "name": "who", "value": ALICE}, {"type": 3, "name": "note", "value": "hi"}]
    assert check_options(_payload(both)["data"], DECLARED) is None


@pytest.mark.parametrize(
    ("options", "key", "option"),
    [
        ([], "error.option.missing", "who"),
        ([{"type": 3, "name": "note", "value": "hi"}], "error.option.missing", "who"),
        ([{"type": 6, "name": "who", "value": "not a snowflake"}], "error.option.user", "who"),
        ([{"type": 6, "name": "who", "value": 123}], "error.option.user", "who"),
        ([{"type": 6, "name": "who", "value": "9" * 25}], "error.option.user", "who"),
        # A client that loaded an older shape of the command: another type, or an option no longer declared.
        ([{"type": 3, "name": "who", "value": ALICE}], "error.option.unknown", "who"),
        ([{"type": 6, "name": "who", "value": ALICE}, {"type": 3, "name": "old", "value": "x"}],
         "error.option.unknown", "old"),
        ([{"type": 6, "name": "who", "value": ALICE}, {"type": 3, "name": "note", "value": 5}], "error.option.text",
         "note"),
        (["not an option object"], "error.option.unknown", ""),
    ],
)
def test_options_that_do_not_fit_are_refused_specifically(options: list[Any], key: str, option: str) -> None:
    refusal = check_options(_payload(options)["data"], DECLARED)
    assert refusal is not None and (refusal.key, refusal.option, refusal.command) == (key, option, "demo run")


def test_an_option_is_named_as_the_catalogs_name_it() -> None:
    texts: dict[Locale, tuple[str, str]] = {
        "ru": ("участник", "В параметре {option} выберите участника из списка."),
        "en": ("member", "The {option} option needs a member picked from the list."),
    }
    catalogs: dict[Locale, Catalog] = {}
    for locale, (name, template) in texts.items():
        catalog = Catalog(locale=locale)
        catalog.add("error.option.user", template)
        catalog.add("command.pair.create.option.member1.name", name)
        catalogs[locale] = catalog
    tr = Translator(catalogs)
    refusal = OptionRefusal("error.option.user", option="member1", command="pair create")
    assert refusal.text("ru", tr) == "В параметре `участник` выберите участника из списка."
    # Without a catalog name (another command) the name Discord sent is shown.
    assert OptionRefusal("error.option.user", option="member1", command="gone cmd").text("en", tr) == (
        "The `member1` option needs a member picked from the list."
    )


# -- outdated controls -----------------------------------------------------------------------------------------


def test_control_hints_pick_the_longest_prefix() -> None:
    hints = ControlHints({"t1:duel": "duel.hint.outdated"})
    hints.add("t1:duel_board:", "pair.hint.outdated")
    assert hints.hint_for("t1:duel:answer:x") == "duel.hint.outdated"
    assert hints.hint_for("t1:duel_board:rules:x") == "pair.hint.outdated"
    assert hints.hint_for("zzz") is None
    hints.add("t1:duel", "duel.hint.outdated")  # the same hint again is harmless
    with pytest.raises(ValueError):
        hints.add("t1:duel", "another.key")
    with pytest.raises(ValueError):
        hints.add("", "date.hint.outdated")


def test_an_outdated_control_says_so_and_adds_the_way_forward_when_there_is_one() -> None:
    tr: Translator = TR
    plain = OutdatedControl("error.outdated_button").text("en", tr)
    assert plain == "This button is from an older version of the message and no longer works."
    hinted = OutdatedControl("error.outdated_button", hint="setup.hint.outdated").text("en", tr)
    assert hinted == f"{plain} {tr.text('en', 'setup.hint.outdated')}" and "/setup start" in hinted
    # A hint key nobody translated is left out rather than failing the answer.
    assert OutdatedControl("error.outdated_modal", hint="no.such.key").text("ru", tr) == tr.text(
        "ru", "error.outdated_modal"
    )


@pytest.mark.anyio
async def test_an_accessor_refusal_is_answered_by_the_envelope_in_the_guilds_language() -> None:
    async def handle(interaction: Interaction, responder: Responder) -> None:
        interaction.user_option("who")

    async def english(interaction: Interaction) -> Locale:
        return "en"

    forged = interaction(command="demo run", options={"who": "alice"}, locale="ru")
    responder = RecordingResponder()
    await enveloped(handle, feature="demo", action="run", locale_of=english)(forged, responder)
    (answer,) = responder.answers
    assert answer.ephemeral and answer.text == "The `who` option needs a member picked from the list."
