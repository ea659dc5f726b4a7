"""Named failpoints: inert unless armed, and an armed one kills the process outright (no cleanup runs)."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from telemetry import FAILPOINT_ENV, failpoint
from tests.acceptance.foundation._process import ROOT, child_env

_SCRIPT = """
from telemetry import failpoint
try:
    failpoint("other.step")
    print("passed other.step", flush=True)
    failpoint("projection.before_edit")
finally:
    print("cleanup ran", flush=True)
"""


def test_an_unarmed_or_other_failpoint_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FAILPOINT_ENV, raising=False)
    failpoint("projection.before_edit")
    monkeypatch.setenv(FAILPOINT_ENV, "store.before_commit")
    failpoint("projection.before_edit")


def test_an_armed_failpoint_kills_the_process_with_sigkill() -> None:
    env = child_env(**{FAILPOINT_ENV: "store.before_commit,projection.before_edit"})
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == -signal.SIGKILL
    assert result.stdout.splitlines() == ["passed other.step"]  # no finally block ran
