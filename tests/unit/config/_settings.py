"""Test data the configuration tests share."""

from __future__ import annotations

#: Every setting ``/setup`` asks for, configured (written out, not derived from the domain's key list, so the
#: tests check that list too).
CONFIGURED = {
    "pair_category_id": "10",
    "horoscope_channel_id": "11",
    "raid_channel_id": "12",
    "hall_channel_id": "13",
    "public_post_channel_id": "14",
    "anon_inbox_channel_id": "15",
}
