"""Named failpoints: crash the process at a chosen step, so a test can prove the step's effect is durable.

``TOGETHER_FAILPOINT=projection.before_edit`` (a comma-separated list of names) makes the process kill itself
with SIGKILL when it reaches ``failpoint("projection.before_edit")``: no ``finally``, no shutdown, exactly what a
power cut or the OOM killer does. ``name:raise`` raises :class:`FailpointError` there instead (a bug or a lost
connection at that step, which the process survives). Unset (always, outside crash tests), a failpoint costs one
dictionary lookup.
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Final

#: The environment variable naming the armed failpoints.
FAILPOINT_ENV: Final = "TOGETHER_FAILPOINT"

logger = logging.getLogger(__name__)


class FailpointError(RuntimeError):
    """Raised at a failpoint armed as ``name:raise``."""


def failpoint(name: str) -> None:
    """Kill this process with SIGKILL (or raise, for ``name:raise``) here when ``name`` is armed in
    ``TOGETHER_FAILPOINT``."""
    armed = os.environ.get(FAILPOINT_ENV)
    if not armed:
        return
    entries = armed.split(",")
    if f"{name}:raise" in entries:
        raise FailpointError(f"failpoint {name} raised")
    if name in entries:
        logger.critical("failpoint reached; killing the process", extra={"failpoint": name})
        for handler in logging.getLogger().handlers:
            handler.flush()
        os.kill(os.getpid(), signal.SIGKILL)
