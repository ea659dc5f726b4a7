"""The stable hash every deterministic pick uses (features.md §0.4)."""

from __future__ import annotations

import hashlib


def h32(text: str) -> int:
    """Return the first four bytes of SHA-256 of ``text`` (UTF-8) as an unsigned big-endian integer.

    Stable across processes, Python versions and machines (unlike :func:`hash`), so a pick made from it is the
    same on every node and after every restart.
    """
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


def pick_index(text: str, size: int) -> int:
    """Return a deterministic index in ``range(size)`` derived from :func:`h32` of ``text``."""
    if size <= 0:
        raise ValueError("size must be positive")
    return h32(text) % size
