"""The bot's effective permissions from roles and overwrites, and the checks /admin runs on them."""

from __future__ import annotations

from features.kernel._guild_permissions import (
    ALL_PERMISSIONS,
    ChannelInfo,
    CheckProblem,
    GuildSnapshot,
    PermissionOverwrite,
    base_permissions,
    channel_permissions,
    check_bot_permissions,
    snapshot_from_discord,
)
from features.kernel._permissions import Permission

P = Permission
GUILD, OWNER, BOT, ROLE = "1", "2", "3", "4"
POSTING = P.VIEW_CHANNEL | P.SEND_MESSAGES | P.EMBED_LINKS | P.READ_MESSAGE_HISTORY
BOT_ROLE = POSTING | P.MANAGE_CHANNELS | P.MANAGE_ROLES


def test_base_permissions_owner_everyone_roles_and_administrator() -> None:
    roles = {GUILD: P.VIEW_CHANNEL, ROLE: P.SEND_MESSAGES, "9": P.ADMINISTRATOR}

    def perms(user_id: str, *role_ids: str) -> Permission:
        return base_permissions(
            guild_id=GUILD, owner_id=OWNER, user_id=user_id, role_ids=role_ids, role_permissions=roles
        )

    assert perms(OWNER) == ALL_PERMISSIONS
    assert perms(BOT) == P.VIEW_CHANNEL
    assert perms(BOT, ROLE) == P.VIEW_CHANNEL | P.SEND_MESSAGES
    assert perms(BOT, "9") == ALL_PERMISSIONS


def test_overwrites_apply_everyone_then_roles_then_member() -> None:
    base = POSTING

    def perms(*overwrites: PermissionOverwrite) -> Permission:
        return channel_permissions(base, guild_id=GUILD, user_id=BOT, role_ids=(ROLE,), overwrites=overwrites)

    deny_everyone = PermissionOverwrite(id=GUILD, kind=0, allow=P(0), deny=P.VIEW_CHANNEL)
    allow_role = PermissionOverwrite(id=ROLE, kind=0, allow=P.VIEW_CHANNEL, deny=P(0))
    deny_member = PermissionOverwrite(id=BOT, kind=1, allow=P(0), deny=P.EMBED_LINKS)
    assert not perms(deny_everyone) & P.VIEW_CHANNEL
    assert perms(deny_everyone, allow_role) & P.VIEW_CHANNEL  # a role allow beats the @everyone deny
    assert perms(deny_member) == POSTING & ~P.EMBED_LINKS
    assert channel_permissions(P.ADMINISTRATOR, guild_id=GUILD, user_id=BOT, role_ids=(), overwrites=[deny_member]) == (
        ALL_PERMISSIONS
    )


def _snapshot(**channels: ChannelInfo) -> GuildSnapshot:
    return GuildSnapshot(
        guild_id=GUILD,
        owner_id=OWNER,
        bot_id=BOT,
        bot_role_ids=(ROLE,),
        role_permissions={GUILD: P(0), ROLE: BOT_ROLE},
        channels=channels,
    )


def test_checks_name_missing_permissions_and_missing_or_mistyped_channels() -> None:
    snapshot = _snapshot(
        cat=ChannelInfo(id="cat", type=4),
        raid=ChannelInfo(
            id="raid", type=0, overwrites=(PermissionOverwrite(id=BOT, kind=1, allow=P(0), deny=P.EMBED_LINKS),)
        ),
        hall=ChannelInfo(id="hall", type=2),
        post=ChannelInfo(id="post", type=5),
    )
    checks = check_bot_permissions(
        snapshot,
        {
            "pair_category_id": "cat",
            "raid_channel_id": "raid",
            "hall_channel_id": "hall",
            "public_post_channel_id": "post",
            "anon_inbox_channel_id": "gone",
            "horoscope_channel_id": None,
        },
    )
    by_where = {check.where: check for check in checks}
    assert by_where["guild"].ok and by_where["pair_category_id"].ok and by_where["public_post_channel_id"].ok
    assert by_where["raid_channel_id"].problem is CheckProblem.MISSING_PERMISSIONS
    assert by_where["raid_channel_id"].missing == (P.EMBED_LINKS,)
    assert by_where["hall_channel_id"].problem is CheckProblem.NOT_TEXT
    assert by_where["anon_inbox_channel_id"].problem is CheckProblem.NOT_FOUND
    assert "horoscope_channel_id" not in by_where
    not_a_category = check_bot_permissions(_snapshot(cat=ChannelInfo(id="cat", type=0)), {"pair_category_id": "cat"})
    assert not_a_category[1].problem is CheckProblem.NOT_CATEGORY


def test_snapshot_from_discord_json() -> None:
    snapshot = snapshot_from_discord(
        guild={"id": GUILD, "owner_id": OWNER, "roles": [{"id": ROLE, "permissions": str(int(BOT_ROLE))}]},
        bot_member={"roles": [ROLE]},
        bot_id=BOT,
        channels=[
            {"id": "c", "type": 0, "parent_id": "p", "permission_overwrites": [
                {"id": BOT, "type": 1, "allow": "0", "deny": str(int(P.SEND_MESSAGES))}
            ]}
        ],
    )
    assert snapshot.role_permissions[ROLE] == BOT_ROLE and snapshot.bot_role_ids == (ROLE,)
    assert snapshot.channels["c"].overwrites[0].deny == P.SEND_MESSAGES
    assert snapshot.channels["c"].parent_id == "p"
