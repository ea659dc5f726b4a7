"""Anonymous questions against a real database: the pending window's edge, the member's proposal lock, the
queue's order and pages, one decision per question under concurrency, and the publication recorded once."""

from __future__ import annotations

import asyncio
import datetime as dt

import asyncpg
import pytest

from features.anon import _store
from features.anon._publish import POST_KIND, record_publication
from features.anon._rules import PENDING_LIMIT, PENDING_WINDOW, Question, QuestionStatus, text_hash
from features.anon._store import (
    back_to_queue,
    count_pending,
    fetch_question,
    insert_question,
    lock_author,
    mark_published,
    moderate,
    oldest_recent_pending,
    pending_page,
    proposed_today,
)

pytestmark = pytest.mark.anyio

GUILD = "100000000000000001"
ALICE = "200000000000000001"
INBOX = "300000000000000001"
T0 = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


async def _ask(pool: asyncpg.Pool, text: str, *, at: dt.datetime = T0, author: str = ALICE) -> Question:
    async with pool.acquire() as conn:
        return await insert_question(
            conn, guild_id=GUILD, author_id=author, text=text, digest=text_hash(text), day=at.date(), now=at
        )


async def test_a_pending_question_counts_for_exactly_twenty_four_hours(db_pool: asyncpg.Pool) -> None:
    await _ask(db_pool, "first?", at=T0)
    await _ask(db_pool, "second?", at=T0 + dt.timedelta(hours=1))
    async with db_pool.acquire() as conn:
        assert await oldest_recent_pending(conn, GUILD, ALICE, T0 + PENDING_WINDOW - dt.timedelta(seconds=1)) == (
            2, T0
        )
        edge = await oldest_recent_pending(conn, GUILD, ALICE, T0 + PENDING_WINDOW)
        assert edge == (1, T0 + dt.timedelta(hours=1))
        assert await oldest_recent_pending(conn, GUILD, "someone else", T0) == (0, None)


async def test_the_same_text_on_the_same_day_is_found_and_another_day_is_not(db_pool: asyncpg.Pool) -> None:
    asked = await _ask(db_pool, "Same question?")
    async with db_pool.acquire() as conn:
        found = await proposed_today(conn, GUILD, ALICE, T0.date(), text_hash("Same question?"))
        assert found is not None and found.request_code == asked.request_code
        tomorrow = T0.date() + dt.timedelta(days=1)
        assert await proposed_today(conn, GUILD, ALICE, tomorrow, text_hash("Same question?")) is None
        assert await proposed_today(conn, GUILD, ALICE, T0.date(), text_hash("same question?")) is None


async def test_the_proposal_lock_keeps_concurrent_submits_within_the_pending_limit(db_pool: asyncpg.Pool) -> None:
    """The handler's check-then-insert, four at once from one member with two already waiting: one gets in."""
    now = dt.datetime.now(dt.UTC)
    await _ask(db_pool, "one?", at=now)
    await _ask(db_pool, "two?", at=now)

    async def submit(n: int) -> bool:
        async with db_pool.acquire() as conn, conn.transaction():
            await lock_author(conn, GUILD, ALICE)
            pending, _ = await oldest_recent_pending(conn, GUILD, ALICE, dt.datetime.now(dt.UTC))
            if pending >= PENDING_LIMIT:
                return False
            text = f"concurrent {n}?"
            await insert_question(
                conn, guild_id=GUILD, author_id=ALICE, text=text, digest=text_hash(text), day=now.date(),
                now=dt.datetime.now(dt.UTC),
            )
            return True

    assert sorted(await asyncio.gather(*(submit(n) for n in range(4)))) == [False, False, False, True]
    async with db_pool.acquire() as conn:
        assert await count_pending(conn, GUILD) == PENDING_LIMIT


async def test_a_clashing_request_code_is_drawn_again(db_pool: asyncpg.Pool, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(_store, "new_request_code", lambda: next(codes))
    first = await _ask(db_pool, "first?")
    second = await _ask(db_pool, "second?", author="200000000000000002")
    assert (first.request_code, second.request_code) == ("AAAAAA", "BBBBBB")


async def test_the_queue_is_newest_first_in_pages_that_never_overlap(db_pool: asyncpg.Pool) -> None:
    # Two share a timestamp: the id decides their order, the same way on every page.
    asked = [await _ask(db_pool, f"q{n}?", at=T0 + dt.timedelta(minutes=min(n, 3)), author=f"9{n}") for n in range(5)]
    async with db_pool.acquire() as conn:
        await moderate(conn, GUILD, asked[4].id, status=QuestionStatus.REJECTED, moderator_id="1")
        pages = [await pending_page(conn, GUILD, offset=offset, limit=3) for offset in (0, 3)]
        assert await count_pending(conn, GUILD) == 4
    ids = [q.id for page in pages for q in page]
    assert len(pages[0]) == 3 and len(pages[1]) == 1 and len(set(ids)) == 4
    assert [q.created_at for page in pages for q in page] == sorted((q.created_at for q in asked[:4]), reverse=True)


async def test_of_four_moderators_deciding_at_once_one_decides(db_pool: asyncpg.Pool) -> None:
    question = await _ask(db_pool, "Who decides?")

    async def decide(status: str, moderator: str) -> Question | None:
        async with db_pool.acquire() as conn, conn.transaction():
            return await moderate(conn, GUILD, question.id, status=status, moderator_id=moderator)

    statuses = [QuestionStatus.APPROVED, QuestionStatus.REJECTED] * 2
    decided = await asyncio.gather(*(decide(status, str(n)) for n, status in enumerate(statuses)))
    winners = [d for d in decided if d is not None]
    assert len(winners) == 1
    async with db_pool.acquire() as conn:
        stored = await fetch_question(conn, GUILD, question.id)
    assert stored is not None and stored.status == winners[0].status


async def test_the_publication_is_recorded_once_and_names_only_the_question(db_pool: asyncpg.Pool) -> None:
    question = await _ask(db_pool, "Published once?")
    async with db_pool.acquire() as conn, conn.transaction():
        await moderate(conn, GUILD, question.id, status=QuestionStatus.APPROVED, moderator_id="1")
        first = await record_publication(conn, GUILD, INBOX, question.id)
        again = await record_publication(conn, GUILD, INBOX, question.id)
    assert first.queued and not again.queued and first.effect.id == again.effect.id
    assert first.effect.kind == POST_KIND and first.effect.payload == {"question_id": str(question.id)}
    async with db_pool.acquire() as conn:
        await mark_published(conn, question.id, "555")
        assert not await back_to_queue(conn, question.id)  # published: stays out of the queue
        stored = await fetch_question(conn, GUILD, question.id)
    assert stored is not None and stored.status == QuestionStatus.PUBLISHED


async def test_an_approved_question_that_cannot_be_posted_goes_back_to_the_queue(db_pool: asyncpg.Pool) -> None:
    question = await _ask(db_pool, "Back to the queue?")
    async with db_pool.acquire() as conn:
        await moderate(conn, GUILD, question.id, status=QuestionStatus.APPROVED, moderator_id="1")
        assert await back_to_queue(conn, question.id)
        assert [q.id for q in await pending_page(conn, GUILD, offset=0, limit=3)] == [question.id]
        # A rejected question is never published: marking it does nothing.
        await moderate(conn, GUILD, question.id, status=QuestionStatus.REJECTED, moderator_id="1")
        await mark_published(conn, question.id, "555")
        stored = await fetch_question(conn, GUILD, question.id)
    assert stored is not None and stored.status == QuestionStatus.REJECTED
