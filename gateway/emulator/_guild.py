"""Discord JSON objects the emulator stores: users, guilds with roles, channels and members, messages.

Objects are kept as the dictionaries Discord would send (snowflakes and permission sets as strings), so reads
return exactly what writes stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from gateway.emulator._permissions import base_permissions, channel_permissions


def iso_now() -> str:
    """The current time as Discord's ISO-8601 timestamp."""
    return datetime.now(UTC).isoformat()


def user_object(user_id: str, username: str, *, bot: bool = False) -> dict[str, Any]:
    """A complete user object (interactions.py needs ``discriminator``, ``avatar``, ``verified``)."""
    return {
        "id": user_id,
        "username": username,
        "global_name": username.capitalize(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "system": False,
        "mfa_enabled": False,
        "verified": True,
        "flags": 0,
        "public_flags": 0,
        "locale": "en-US",
    }


@dataclass(slots=True)
class Guild:
    """A guild and everything in it, as Discord JSON objects."""

    id: str
    name: str
    owner_id: str
    preferred_locale: str = "ru"
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def role_permissions(self) -> dict[str, int]:
        """Role id → permission bits."""
        return {rid: int(r["permissions"]) for rid, r in self.roles.items()}

    def base_permissions(self, user_id: str) -> int:
        """The member's guild-level permissions."""
        member = self.members.get(user_id)
        roles = member["roles"] if member else []
        return base_permissions(
            guild_id=self.id,
            owner_id=self.owner_id,
            user_id=user_id,
            member_roles=roles,
            roles=self.role_permissions(),
        )

    def permissions_in(self, user_id: str, channel_id: str) -> int:
        """The member's permissions in a channel, the channel's overwrites applied."""
        member = self.members.get(user_id)
        roles = member["roles"] if member else []
        channel = self.channels.get(channel_id, {})
        return channel_permissions(
            self.base_permissions(user_id),
            guild_id=self.id,
            user_id=user_id,
            member_roles=roles,
            overwrites=channel.get("permission_overwrites", []),
        )

    def to_gateway(self, users: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """The GUILD_CREATE payload."""
        return {
            "id": self.id,
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": self.owner_id,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "features": [],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "preferred_locale": self.preferred_locale,
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "emojis": [],
            "stickers": [],
            "roles": list(self.roles.values()),
            "channels": list(self.channels.values()),
            "members": [self.member_object(uid, users) for uid in self.members],
            "member_count": len(self.members),
            "joined_at": iso_now(),
            "large": False,
            "unavailable": False,
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "application_id": None,
        }

    def to_rest(self) -> dict[str, Any]:
        """The ``GET /guilds/{id}`` object."""
        return {
            "id": self.id,
            "name": self.name,
            "icon": None,
            "owner_id": self.owner_id,
            "features": [],
            "preferred_locale": self.preferred_locale,
            "roles": list(self.roles.values()),
            "emojis": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "system_channel_flags": 0,
            "premium_tier": 0,
            "nsfw_level": 0,
            "stickers": [],
            "afk_timeout": 300,
            "premium_progress_bar_enabled": False,
            "splash": None,
            "banner": None,
            "description": None,
            "afk_channel_id": None,
            "system_channel_id": None,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "public_updates_channel_id": None,
            "discovery_splash": None,
        }

    def member_object(self, user_id: str, users: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """A guild member object with its user."""
        member = dict(self.members[user_id])
        member["user"] = users[user_id]
        return member


_MESSAGE_KEYS: Final = ("content", "embeds", "components", "attachments", "poll", "tts")


#: Select component types (string, user, role, mentionable, channel).
_SELECT_TYPES: Final = frozenset({3, 5, 6, 7, 8})


def _as_stored(components: Any) -> Any:
    """Components as Discord returns them: selects always carry ``min_values`` and ``max_values``."""
    if not isinstance(components, list):
        return components
    stored = []
    for comp in components:
        if isinstance(comp, dict):
            comp = dict(comp)
            if comp.get("type") in _SELECT_TYPES:
                comp.setdefault("min_values", 1)
                comp.setdefault("max_values", 1)
            if "components" in comp:
                comp["components"] = _as_stored(comp["components"])
        stored.append(comp)
    return stored


def apply_message_body(msg: dict[str, Any], body: dict[str, Any]) -> None:
    """Copy a create/edit body's writable fields onto a stored message (unknown keys ignored)."""
    for key in _MESSAGE_KEYS:
        if key in body and body[key] is not None:
            msg[key] = _as_stored(body[key]) if key == "components" else body[key]
    if body.get("flags") is not None:
        # Only EPHEMERAL, SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2 are settable;
        # IS_COMPONENTS_V2 sticks once set.
        msg["flags"] = (int(msg.get("flags", 0)) & (1 << 15)) | (
            int(body["flags"]) & (64 | 4 | 4096 | 1 << 15)
        )



def normalize_overwrite(o: dict[str, Any]) -> dict[str, Any]:
    """An overwrite as Discord returns it: string ids and decimal-string permission sets."""
    return {
        "id": str(o["id"]),
        "type": int(o.get("type", 0)),
        "allow": str(int(o.get("allow") or 0)),
        "deny": str(int(o.get("deny") or 0)),
    }
