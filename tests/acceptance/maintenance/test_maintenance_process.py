"""``together maintenance`` from one process, obeyed by a running ``together run``: ``/healthz`` says so with its
status code unchanged, ``/readyz`` stays ready, and the heartbeat line carries the queue, actor and maintenance
counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.acceptance.foundation._process import child_env, free_port, get_json, start, wait_for

pytestmark = pytest.mark.slow


def _maintenance(database_url: str, cwd: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "together", "maintenance", *args], env=child_env(DATABASE_URL=database_url),
        cwd=cwd, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_running_bot_obeys_the_switch_of_another_process(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    child = start(
        child_env(DATABASE_URL=database_url, HTTP_PORT=str(port), WATCHDOG_HEARTBEAT_SECONDS="1"), tmp_path
    )
    try:
        body = wait_for(f"{base}/healthz", lambda b: b.get("ok") is True)
        assert body["maintenance"] is False
        status, live = get_json(f"{base}/livez")
        assert status == 200 and live["ok"] is True and live["loop"] == "ok" and live["heartbeat"] == "ok"

        shown = _maintenance(database_url, tmp_path, "on", "--message", "Back at 18:00")
        assert shown.startswith("maintenance: on since ")
        body = wait_for(f"{base}/healthz", lambda b: b.get("maintenance") is True)
        assert body["ok"] is True and get_json(f"{base}/healthz")[0] == 200
        status, ready = get_json(f"{base}/readyz")
        assert status == 200 and ready["ready"] is True
        # The heartbeat says so too (one a second here).
        wait_for(f"{base}/healthz", lambda _: any(
            line.get("msg") == "heartbeat" and line.get("maintenance") is True for line in _lines(child.stdout_path)
        ))

        assert _maintenance(database_url, tmp_path, "off").startswith("maintenance: off (last on from ")
        wait_for(f"{base}/healthz", lambda b: b.get("maintenance") is False and b.get("ok") is True)
    finally:
        code, _, stderr = child.stop()
    assert code == 0, stderr
    beats = [line for line in _lines(child.stdout_path) if line.get("msg") == "heartbeat"]
    running = [line for line in beats if "jobs_running" in line]
    assert running, beats
    for key in ("jobs_running", "jobs_due", "actors_active", "actor_mailbox_depth", "loop_lag_ms", "uptime_s"):
        assert isinstance(running[-1][key], int | float), key
    assert "stats_error" not in running[-1]


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]
