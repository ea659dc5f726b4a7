"""The bot's features. Each module exposes ``install(host)``; :func:`install_features` installs them all."""

from __future__ import annotations

from collections.abc import Callable

from features import admin, anon, checkin, dates, duels, hall, horoscope, mediator, pairs, public_posts, raids, setup
from features.kernel import FeatureHost

__all__ = ("INSTALLERS", "install_features")

#: Every feature's installer, in the order their commands are listed to Discord.
INSTALLERS: tuple[Callable[[FeatureHost], None], ...] = (
    setup.install,
    admin.install,
    public_posts.install,
    mediator.install,
    dates.install,
    pairs.install,
    duels.install,
    raids.install,
    horoscope.install,
    checkin.install,
    anon.install,
    hall.install,
)


def install_features(host: FeatureHost) -> FeatureHost:
    """Install every feature on ``host`` (declarations only, no I/O) and return it."""
    for install in INSTALLERS:
        install(host)
    return host
