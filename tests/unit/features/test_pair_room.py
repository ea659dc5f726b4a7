"""Pure parts of the pair and duel features: room overwrites, the category check, keys and command shapes."""

from __future__ import annotations

import uuid

import interactions

from features import INSTALLERS, install_features
from features.duels._board import DUEL_SCOREBOARD
from features.duels._jobs import DuelScoreboardRefresh
from features.duels._rounds import close_job_key
from features.kernel import PAIR_HOME, PairHomeRefresh
from features.kernel._host import FeatureHost
from features.kernel._permissions import Permission
from features.pairs._room import check_pair_category, pair_room_overwrites
from gateway import CachedChannel
from gateway.projection import refresh_job_request

GUILD, BOT, MOD = "1", "99", "7"


def test_only_the_members_and_the_bot_see_the_room_and_moderators_only_read() -> None:
    overwrites = {o.id: o for o in pair_room_overwrites(GUILD, ("11", "12"), BOT, MOD)}
    view, send = int(Permission.VIEW_CHANNEL), int(Permission.SEND_MESSAGES)
    assert overwrites[GUILD].deny & view and not overwrites[GUILD].allow
    for member in ("11", "12", BOT):
        assert overwrites[member].kind == 1 and overwrites[member].allow & (view | send) == view | send
    assert overwrites[MOD].kind == 0 and overwrites[MOD].allow & view and overwrites[MOD].deny & send
    assert MOD not in {o.id for o in pair_room_overwrites(GUILD, ("11", "12"), BOT, None)}


def _channel(kind: interactions.ChannelType, granted: Permission) -> CachedChannel:
    return CachedChannel(id="5", type=int(kind), bot_permissions=int(granted))


def test_the_category_check_names_what_is_missing() -> None:
    category = interactions.ChannelType.GUILD_CATEGORY
    enough = Permission.VIEW_CHANNEL | Permission.MANAGE_CHANNELS | Permission.MANAGE_ROLES | Permission.SEND_MESSAGES
    assert check_pair_category(_channel(category, enough | Permission.READ_MESSAGE_HISTORY)) is None
    assert check_pair_category(_channel(category, Permission.ADMINISTRATOR)) is None
    problem = check_pair_category(_channel(category, enough))
    assert problem is not None and problem.missing == (Permission.READ_MESSAGE_HISTORY,)
    gone = check_pair_category(_channel(interactions.ChannelType.GUILD_TEXT, enough))
    assert gone is not None and gone.category_missing
    assert check_pair_category(None) == gone


def test_singleton_keys_follow_the_runbook() -> None:
    pair = uuid.UUID(int=1)
    home = refresh_job_request(PAIR_HOME.ref(GUILD, pair), reason="pair_created")
    assert (home.name, home.coalesce_key) == ("pair.home.refresh", f"projection:pair_home:1:{pair}")
    assert isinstance(home.payload, PairHomeRefresh)
    assert (home.payload.pair_id, home.payload.reason, home.payload.feature) == (str(pair), "pair_created", "pairs")
    board = refresh_job_request(DUEL_SCOREBOARD.ref(GUILD, pair), reason="submission")
    assert (board.name, board.coalesce_key) == ("duel.scoreboard.refresh", f"projection:duel_scoreboard:1:{pair}")
    assert isinstance(board.payload, DuelScoreboardRefresh) and board.payload.duel_id == str(pair)
    assert close_job_key(GUILD, pair, 3) == f"duel-round-close:1:{pair}:3"


def test_pair_and_duel_commands_are_declared_with_their_options() -> None:
    host = install_features(FeatureHost())
    names = {str(c.resolved_name): c for c in host.slash_commands()}
    assert {"pair create", "pair room", "duel start", "duel round start", "duel end"} <= set(names)
    minutes = names["duel round start"].options[0]
    assert isinstance(minutes, interactions.SlashCommandOption)
    assert minutes.min_value == 5 and minutes.max_value == 720
    assert len(INSTALLERS) >= 2
