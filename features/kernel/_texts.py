"""The kernel's own texts (refusals, settings, permissions, feature and schedule names), registered with the
translator when the kernel is imported, as every feature registers its ``texts/``."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from gateway.i18n import register_catalog

KERNEL_TEXTS_DIR: Final = Path(__file__).parent / "texts"
register_catalog(KERNEL_TEXTS_DIR)
