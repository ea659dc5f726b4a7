"""Anonymous-question custom ids: builders for the renderers, typed parsers for the handlers. None carries a
member: a question is named by its own id, never by its author's.

| id | meaning |
|---|---|
| ``t1:anon:ask`` | "ask a question" on a published question: opens the ask modal |
| ``t1:anon:submit`` | the ask modal |
| ``t1:anon:approve:<question>:<page>`` / ``t1:anon:reject:<question>:<page>`` | moderate from a queue page |
| ``t1:anon:page:<page>`` | the queue's previous/next |
| ``t1:anon:mascot:<question>`` | "the mascot's answer" on a published question |
"""

from __future__ import annotations

import enum
import uuid

import msgspec

from features.kernel import (
    CustomId,
    encode_custom_id,
    expect_custom_id,
    int_token,
    parse_int_token,
    uuid_token,
)

ANON_ID_FEATURE = "anon"
ASK_MODAL_INPUT = "question"


class Decision(enum.StrEnum):
    """A moderator's two buttons."""

    APPROVE = "approve"
    REJECT = "reject"


class ModerationRef(msgspec.Struct, frozen=True, kw_only=True):
    """What a moderation button carries: the decision, the question and the queue page it sat on."""

    decision: Decision
    question_id: uuid.UUID
    page: int


def ask_id() -> str:
    """The "ask a question" button id."""
    return encode_custom_id(ANON_ID_FEATURE, "ask")


def submit_id() -> str:
    """The ask modal id."""
    return encode_custom_id(ANON_ID_FEATURE, "submit")


def parse_submit_id(custom_id: CustomId) -> None:
    """Check an ask modal id (it carries nothing)."""
    expect_custom_id(custom_id, ANON_ID_FEATURE, ("submit",), 0)


def moderation_id(decision: Decision, question_id: uuid.UUID, page: int) -> str:
    """An approve/reject button id."""
    return encode_custom_id(ANON_ID_FEATURE, decision.value, uuid_token(question_id), int_token(page))


def parse_moderation_id(custom_id: CustomId) -> ModerationRef:
    """Parse an approve/reject button id."""
    expect_custom_id(custom_id, ANON_ID_FEATURE, tuple(Decision), 2)
    return ModerationRef(
        decision=Decision(custom_id.action), question_id=custom_id.uuid_arg(0), page=parse_int_token(custom_id.arg(1))
    )


def page_id(page: int) -> str:
    """A queue navigation button id."""
    return encode_custom_id(ANON_ID_FEATURE, "page", int_token(page))


def parse_page_id(custom_id: CustomId) -> int:
    """Parse a queue navigation button id into the page it asks for."""
    expect_custom_id(custom_id, ANON_ID_FEATURE, ("page",), 1)
    return parse_int_token(custom_id.arg(0))


def mascot_id(question_id: uuid.UUID) -> str:
    """The "mascot's answer" button id."""
    return encode_custom_id(ANON_ID_FEATURE, "mascot", uuid_token(question_id))


def parse_mascot_id(custom_id: CustomId) -> uuid.UUID:
    """Parse a mascot button id into the question's id."""
    expect_custom_id(custom_id, ANON_ID_FEATURE, ("mascot",), 1)
    return custom_id.uuid_arg(0)
