"""Anonymous questions: members propose, moderators approve or reject, an approved question is published as
the question of the day with the mascot's answer (features.md §8). The author's id is stored for their own
limits only: no message, component id, effect payload or moderation view carries it, and no log line ties it to
the question."""

from __future__ import annotations

from pathlib import Path

from features.anon._answers import check_answer_content
from features.anon._ask import open_ask, submit_question
from features.anon._mascot import answer
from features.anon._moderation import decide, show_queue, turn_page
from features.anon._publish import QUESTION_POST
from features.kernel import FeatureHost, bind, component, modal, subcommand
from gateway.i18n import register_catalog

register_catalog(Path(__file__).parent / "texts")

__all__ = ("install",)


def install(host: FeatureHost) -> None:
    """Declare ``/anon ask|queue``, the modal, the queue's and the published question's buttons, the post kind
    and the content check."""
    ask = bind(host, open_ask, feature="anon", action="ask")
    host.add_command(subcommand("anon", "ask", ask))
    host.add_command(subcommand("anon", "queue", bind(host, show_queue, feature="anon", action="queue")))
    host.add_command(component("anon_ask", ask, prefix="t1:anon:ask"))
    host.add_command(
        modal("anon_submit", bind(host, submit_question, feature="anon", action="submit"), prefix="t1:anon:submit")
    )
    on_decide = bind(host, decide, feature="anon", action="moderate")
    for decision in ("approve", "reject"):
        host.add_command(component(f"anon_{decision}", on_decide, prefix=f"t1:anon:{decision}:"))
    on_page = bind(host, turn_page, feature="anon", action="page")
    host.add_command(component("anon_page", on_page, prefix="t1:anon:page:"))
    on_mascot = bind(host, answer, feature="anon", action="mascot")
    host.add_command(component("anon_mascot", on_mascot, prefix="t1:anon:mascot:"))
    host.add_control_hint("t1:anon:", "anon.hint.outdated")
    host.add_effect_kind(QUESTION_POST)
    host.add_content_check(check_answer_content)
