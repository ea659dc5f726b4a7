"""Emulated interaction callbacks (every type), follow-ups and edits of the original response."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gateway.emulator._guild import apply_message_body, iso_now
from gateway.emulator._limits import message_problems, modal_problems
from gateway.emulator._rest import ApiError, Call, Result, invalid_form, route
from gateway.emulator._state import ACK_DEADLINE, TOKEN_LIFETIME, InteractionRecord

if TYPE_CHECKING:
    from gateway.emulator._server import DiscordEmulator

# -- interactions --------------------------------------------------------------------------------------------


def _interaction(emu: DiscordEmulator, call: Call) -> InteractionRecord:
    rec = emu.world.interactions.get(call.params["interaction_id"])
    if rec is None or rec.token != call.params["interaction_token"]:
        raise ApiError(404, 10062, "Unknown interaction")
    return rec


@route("POST", "/interactions/{interaction_id}/{interaction_token}/callback")
async def callback(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``POST /interactions/{interaction_id}/{interaction_token}/callback``."""
    rec = _interaction(emu, call)
    now = emu.now()
    if rec.acked_at is not None:
        raise ApiError(400, 40060, "Interaction has already been acknowledged.")
    if now - rec.created > ACK_DEADLINE:
        rec.late = True
        raise ApiError(404, 10062, "Unknown interaction")
    body = call.body if isinstance(call.body, dict) else {}
    kind = int(body.get("type", 0))
    data = body.get("data") or {}
    w = emu.world
    if kind in (4, 5):
        problems = message_problems(data) if kind == 4 else []
        if kind == 5 and int(data.get("flags") or 0) & ~64:
            problems.append("data.flags: a deferred response may carry only EPHEMERAL")
        if problems:
            raise invalid_form(problems)
        msg_body = dict(data)
        if kind == 5:
            msg_body = {"flags": (int(data.get("flags") or 0) & 64) | 128}
        msg = w.new_message(rec.channel_id, msg_body, webhook=True)
        msg["interaction_metadata"] = {"id": rec.id, "type": rec.type, "user": w.users[rec.user_id]}
        rec.original_message_id = msg["id"]
    elif kind in (6, 7):
        if rec.type != 3 or rec.source_message_id is None:
            raise ApiError(400, 50035, "Invalid Form Body", {"type": "only for component interactions"})
        source = w.find_message(rec.source_message_id)
        if source is None:
            raise ApiError(404, 10008, "Unknown Message")
        msg = source
        if kind == 7:
            problems = message_problems(data, existing_flags=int(msg.get("flags", 0)))
            if problems:
                raise invalid_form(problems)
            apply_message_body(msg, data)
            msg["edited_timestamp"] = iso_now()
            w.edit_counts[msg["id"]] += 1
        rec.original_message_id = msg["id"]
    elif kind == 8:
        rec.autocomplete = list(data.get("choices") or [])
    elif kind == 9:
        problems = modal_problems(data)
        if problems:
            raise invalid_form(problems)
        rec.modal = data
    elif kind not in (1, 10, 12):
        raise invalid_form([f"type: unknown interaction callback type {kind}"])
    rec.acked_at = now
    rec.ack_type = kind
    rec.acked.set()
    if call.query.get("with_response") in ("true", "True", "1"):
        resource: dict[str, Any] = {"type": kind}
        if rec.original_message_id is not None:
            resource["message"] = w.find_message(rec.original_message_id)
        return 200, {"interaction": {"id": rec.id, "type": rec.type}, "resource": resource}
    return 204, None


def _webhook(emu: DiscordEmulator, call: Call) -> InteractionRecord:
    if call.params["webhook_id"] != emu.world.app_id:
        raise ApiError(404, 10015, "Unknown Webhook")
    rec = emu.world.by_token.get(call.params["webhook_token"])
    if rec is None:
        raise ApiError(404, 10015, "Unknown Webhook")
    if emu.now() - rec.created > TOKEN_LIFETIME:
        raise ApiError(401, 50027, "Invalid Webhook Token")
    return rec


def _webhook_message(emu: DiscordEmulator, call: Call, rec: InteractionRecord) -> dict[str, Any]:
    mid = call.params.get("message_id") or rec.original_message_id
    if mid is None or (mid != rec.original_message_id and mid not in rec.followup_ids):
        raise ApiError(404, 10008, "Unknown Message")
    msg = emu.world.find_message(mid)
    if msg is None:
        raise ApiError(404, 10008, "Unknown Message")
    return msg


@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def get_webhook_message(emu: DiscordEmulator, call: Call) -> Result:
    """Serve:

    ``GET /webhooks/{webhook_id}/{webhook_token}/messages/@original``
    ``GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}``
    """
    rec = _webhook(emu, call)
    return 200, _webhook_message(emu, call, rec)


@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def edit_webhook_message(emu: DiscordEmulator, call: Call) -> Result:
    """Serve:

    ``PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original``
    ``PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}``
    """
    rec = _webhook(emu, call)
    msg = _webhook_message(emu, call, rec)
    body = call.body if isinstance(call.body, dict) else {}
    problems = message_problems(body, existing_flags=int(msg.get("flags", 0)))
    if problems:
        raise invalid_form(problems)
    apply_message_body(msg, body)
    msg["flags"] = int(msg.get("flags", 0)) & ~128  # a deferred "thinking" message stops loading when edited
    msg["edited_timestamp"] = iso_now()
    emu.world.edit_counts[msg["id"]] += 1
    return 200, msg


@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
@route("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}")
async def delete_webhook_message(emu: DiscordEmulator, call: Call) -> Result:
    """Serve:

    ``DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original``
    ``DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}``
    """
    rec = _webhook(emu, call)
    msg = _webhook_message(emu, call, rec)
    emu.world.webhook_messages.pop(msg["id"], None)
    emu.world.messages.get(msg["channel_id"], {}).pop(msg["id"], None)
    return 204, None


@route("POST", "/webhooks/{webhook_id}/{webhook_token}")
async def followup(emu: DiscordEmulator, call: Call) -> Result:
    """Serve ``POST /webhooks/{webhook_id}/{webhook_token}``."""
    rec = _webhook(emu, call)
    if rec.acked_at is None:
        raise ApiError(404, 10015, "Unknown Webhook")
    body = call.body if isinstance(call.body, dict) else {}
    problems = message_problems(body)
    if problems:
        raise invalid_form(problems)
    msg = emu.world.new_message(rec.channel_id, body, webhook=True)
    rec.followup_ids.append(msg["id"])
    return 200, msg
