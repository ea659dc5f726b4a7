"""Together: the composition root that wires the runtime packages into one bot process.

``actors``, ``gateway``, ``store`` and ``telemetry`` never import this package's modules except
:mod:`together.errors` (the root of the error hierarchy) and :mod:`together.version`.
"""

from __future__ import annotations

from together.version import __version__ as __version__

__all__ = ("__version__",)
