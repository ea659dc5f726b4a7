"""The driver deletes messages and channels as a moderator would: the bot's REST calls then get 404s."""

from __future__ import annotations

import pytest

from gateway._errors import NotFound
from gateway._rest_port import AiohttpDiscordRest
from gateway.emulator import LocalDiscord

pytestmark = pytest.mark.anyio


async def test_deleted_message_and_channel_answer_not_found(local: LocalDiscord) -> None:
    general = local.demo.general_channel_id
    async with AiohttpDiscordRest(local.emulator.token, api_base=local.emulator.api_base) as rest:
        message = await rest.create_message(general, {"content": "hello"})
        await local.driver.delete_message(general, message["id"])
        assert local.driver.channel_messages(general) == []
        with pytest.raises(NotFound) as gone:
            await rest.edit_message(general, message["id"], {"content": "edited"})
        assert gone.value.code == 10008

        await local.driver.delete_channel(general)
        assert general not in {c["id"] for c in local.driver.channels()}
        with pytest.raises(NotFound) as no_room:
            await rest.create_message(general, {"content": "anyone?"})
        assert no_room.value.code == 10003
    with pytest.raises(LookupError):
        await local.driver.delete_message(general, message["id"])
