"""The recording fake behaves like the port: stores, records, and raises scripted typed errors."""

from __future__ import annotations

import pytest

from gateway._errors import NotFound, RateLimited
from gateway.testing import RecordingDiscordRest

pytestmark = pytest.mark.anyio


async def test_fake_records_calls_and_raises_scripted_errors() -> None:
    rest = RecordingDiscordRest()
    msg = await rest.create_message("c", {"content": "v1"})
    rest.fail("edit_message", RateLimited(1.5))
    with pytest.raises(RateLimited):
        await rest.edit_message("c", msg["id"], {"content": "v2"})
    await rest.edit_message("c", msg["id"], {"content": "v3"})
    assert rest.messages["c"][msg["id"]]["content"] == "v3"
    assert rest.count("edit_message") == 2
    await rest.delete_message("c", msg["id"])
    with pytest.raises(NotFound):
        await rest.edit_message("c", msg["id"], {"content": "v4"})
