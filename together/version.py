"""The running version, read from the installed distribution."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("together-bot")
except metadata.PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.1.0"
