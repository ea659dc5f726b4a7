"""The public surface: everything in ``__all__`` exists and is re-exported from its private module."""

from __future__ import annotations

import actors
import actors.testing


def test_all_names_resolve() -> None:
    for module in (actors, actors.testing):
        for name in module.__all__:
            assert getattr(module, name) is not None, name
    assert isinstance(actors.__all__, tuple)


def test_errors_share_one_root() -> None:
    from together.errors import BotError

    for name in ("AskTimeout", "ActorStopped", "MailboxFull", "ActorCrashed", "SupervisorEscalated"):
        cls = getattr(actors, name)
        assert issubclass(cls, actors.ActorError) and issubclass(cls, BotError)
    assert str(actors.AskTimeout()) == "The actor did not reply within the ask timeout."
    crash = actors.ActorCrashed(ValueError("boom"))
    assert crash.cause.args == ("boom",) and "ValueError" in str(crash)
