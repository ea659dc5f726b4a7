"""``/date`` surfaces: the filter picker and the three ideas with save buttons (features.md §13.2)."""

from __future__ import annotations

from features.dates._content import Budget, DateIdeaTemplate, Energy, TimeWindow
from features.dates._ideas import DateFilters
from features.dates._ids import DateAxis, date_generate_id, date_save_id, date_select_id
from features.kernel import (
    ActionRow,
    Button,
    ButtonStyle,
    Container,
    SelectOption,
    Separator,
    StringSelect,
    TextDisplay,
    V2Message,
    validate_message,
)
from gateway.i18n import Locale, Translator

ACCENT = 0x6D4C41
IDEA_ACCENTS = (0x3A7D44, 0x2F6F9F, 0xB86A2F)


def filters_summary(filters: DateFilters, *, locale: Locale, tr: Translator) -> str:
    """One line naming the chosen energy, budget and time."""
    return tr.text(
        locale,
        "date.summary",
        energy=tr.text(locale, f"date.energy.{filters.energy.value}"),
        budget=tr.text(locale, f"date.budget.{filters.budget.value}"),
        time=tr.text(locale, f"date.time.{filters.time.value}"),
    )


def _select(axis: DateAxis, filters: DateFilters, locale: Locale, tr: Translator) -> ActionRow:
    values: tuple[str, ...]
    current: str
    if axis is DateAxis.ENERGY:
        values, current = tuple(Energy), filters.energy.value
    elif axis is DateAxis.BUDGET:
        values, current = tuple(Budget), filters.budget.value
    else:
        values, current = tuple(TimeWindow), filters.time.value
    options = tuple(
        SelectOption(label=tr.text(locale, f"date.{axis.value}.{value}"), value=value, default=value == current)
        for value in values
    )
    select = StringSelect(
        custom_id=date_select_id(axis, filters),
        options=options,
        placeholder=tr.text(locale, f"date.select.{axis.value}"),
    )
    return ActionRow(components=(select,))


def render_date_picker(filters: DateFilters, *, locale: Locale, tr: Translator) -> V2Message:
    """The picker: current filters, three selects (each carrying the current filters) and a generate button."""
    text = "\n".join(
        (
            f"## {tr.text(locale, 'date.title')}",
            tr.text(locale, "date.picker.intro", button=tr.text(locale, "date.button.generate")),
            filters_summary(filters, locale=locale, tr=tr),
        )
    )
    generate = Button(
        style=ButtonStyle.PRIMARY, label=tr.text(locale, "date.button.generate"), custom_id=date_generate_id(filters)
    )
    container = Container(
        accent_color=ACCENT,
        components=(
            TextDisplay(content=text),
            *(_select(axis, filters, locale, tr) for axis in DateAxis),
            ActionRow(components=(generate,)),
        ),
    )
    return validate_message(V2Message(components=(container,)))


def render_date_ideas(
    filters: DateFilters, ideas: tuple[DateIdeaTemplate, ...], *, locale: Locale, tr: Translator
) -> V2Message:
    """The result: an intro card, then one card per idea (steps, starter phrase, plan B) with its save button."""
    intro = Container(
        accent_color=ACCENT,
        components=(
            TextDisplay(
                content="\n".join(
                    (
                        f"## {tr.text(locale, 'date.title')}",
                        filters_summary(filters, locale=locale, tr=tr),
                        tr.plural(locale, "date.ideas.intro", len(ideas)),
                    )
                )
            ),
        ),
    )
    cards: list[Container] = [intro]
    for number, idea in enumerate(ideas, start=1):
        text = idea.words(locale)
        steps = "\n".join(f"{index}. {step}" for index, step in enumerate(text.steps, start=1))
        body = "\n".join(
            (
                f"### {tr.text(locale, 'date.idea.heading', number=number, title=text.title)}",
                steps,
                "",
                tr.text(locale, "date.idea.starter", phrase=text.starter),
                tr.text(locale, "date.idea.plan_b", text=text.plan_b),
            )
        )
        save = Button(
            style=ButtonStyle.SUCCESS,
            label=tr.text(locale, "date.button.save", number=number),
            custom_id=date_save_id(filters, idea.key),
        )
        cards.append(
            Container(
                accent_color=IDEA_ACCENTS[(number - 1) % len(IDEA_ACCENTS)],
                components=(TextDisplay(content=body), Separator(), ActionRow(components=(save,))),
            )
        )
    return validate_message(V2Message(components=tuple(cards)))
